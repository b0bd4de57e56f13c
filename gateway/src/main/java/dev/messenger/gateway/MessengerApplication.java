package dev.messenger.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication(scanBasePackages = "dev.messenger")
@ConfigurationPropertiesScan("dev.messenger")
@EnableScheduling
public class MessengerApplication {

    public static void main(String[] args) {
        // a self-hosted messenger does not phone home; set it to false to allow Axon's update check
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(MessengerApplication.class, args);
    }
}
