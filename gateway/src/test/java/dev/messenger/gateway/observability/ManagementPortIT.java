package dev.messenger.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

/**
 * With a management port (as on Kubernetes), Prometheus scrapes and probes there without a token (engine details
 * still only with an admin token), and the API's port serves no actuator at all.
 *
 * <p>Its context is a second gateway node in the suite's JVM, on the same engines: it does not balance segments
 * (so it takes none from the other tests' node, which expect to hold them all), and it is closed after this class,
 * releasing whatever it claimed.
 */
@TestPropertySource(properties = {"management.server.port=0", "messenger.processors.balancing=false"})
@org.springframework.test.annotation.DirtiesContext
class ManagementPortIT extends GatewayIntegrationTest {

    @LocalManagementPort
    int managementPort;

    @Test
    void theActuatorIsOnItsOwnPortWithoutATokenAndNotOnTheApisPort() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> scrape = get(client, managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "messenger_projection_lag");
        HttpResponse<String> health = get(client, managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"").doesNotContain("postgres"); // engine details still need an admin token
        assertThat(get(client, managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);

        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/metrics"}) {
            assertThat(get(client, port, path).statusCode()).as(path + " on the API's port").isIn(401, 404);
        }
        // and the API is not on the management port
        assertThat(get(client, managementPort, "/conversations").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
