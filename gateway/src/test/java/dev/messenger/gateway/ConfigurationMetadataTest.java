package dev.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.processing.ProcessingProperties;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code messenger.*} setting is a typed, described property: the configuration processor's metadata covers each
 * one the application's configuration sets, and a value out of bounds stops the gateway at start.
 */
class ConfigurationMetadataTest {

    /** name → type, from every module's generated metadata. */
    private static Map<String, String> metadata() throws Exception {
        Map<String, String> properties = new HashMap<>();
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    if (property.get("name").asText().startsWith("messenger.")) {
                        properties.put(property.get("name").asText(), property.path("type").asText());
                    }
                }
            }
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, List<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix + "." + key, child, keys));
        } else {
            keys.add(prefix);
        }
    }

    @Test
    void everyMessengerSettingOfTheConfigurationHasMetadata() throws Exception {
        Map<String, String> metadata = metadata();
        assertThat(metadata).containsKeys("messenger.processors.segments", "messenger.media.max-image-size", "messenger.presence.ttl");
        List<String> keys = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(Path.of("src/main/resources/application.yml")))) {
            if (document instanceof Map<?, ?> root && root.get("messenger") != null) {
                flatten("messenger", root.get("messenger"), keys);
            }
        }
        assertThat(keys).hasSizeGreaterThan(40);
        List<String> undescribed = keys.stream()
                .map(key -> key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT))
                .filter(key -> !metadata.containsKey(key) && metadata.entrySet().stream()
                        .noneMatch(property -> key.startsWith(property.getKey() + ".")
                                && (property.getValue().startsWith("java.util.Map") || property.getValue().startsWith("java.util.List"))))
                .toList();
        assertThat(undescribed).as("settings without metadata (no @ConfigurationProperties binds them)").isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProcessingProperties.class)
    static class Processing {
    }

    private final ApplicationContextRunner processing = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Processing.class)
            .withPropertyValues("messenger.processors.segments=2", "messenger.processors.batch-size=100",
                    "messenger.processors.fetch-size=1000", "messenger.processors.event-availability-timeout=100ms");

    @Test
    void sensibleProcessorSettingsBind() {
        processing.run(context -> assertThat(context.getBean(ProcessingProperties.class).segments()).isEqualTo(2));
    }

    @Test
    void aProcessorSettingOutOfBoundsStopsTheStart() {
        processing.withPropertyValues("messenger.processors.segments=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("segments");
        });
    }

    @Test
    void aProjectionTakesItsOwnSettingsAndTheSharedOnesForTheRest() {
        processing.withPropertyValues("messenger.processors.projections.search.batch-size=500",
                "messenger.processors.projections.feed.segments=4").run(context -> {
            ProcessingProperties properties = context.getBean(ProcessingProperties.class);
            assertThat(properties.batchSizeOf("search")).isEqualTo(500);
            assertThat(properties.segmentsOf("search")).isEqualTo(2);
            assertThat(properties.segmentsOf("feed")).isEqualTo(4);
            assertThat(properties.batchSizeOf("history")).isEqualTo(100);
        });
        processing.withPropertyValues("messenger.processors.projections.search.batch-size=0")
                .run(context -> assertThat(context).hasFailed());
    }
}
