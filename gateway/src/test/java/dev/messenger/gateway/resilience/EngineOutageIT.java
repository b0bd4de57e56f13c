package dev.messenger.gateway.resilience;

import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import dev.messenger.gateway.TestStack;
import dev.messenger.ops.stack.Engine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class EngineOutageIT extends GatewayIntegrationTest {

    @AfterEach
    void bringOpenSearchBack() {
        TestStack.get().startEngine(Engine.OPENSEARCH);
    }

    @Test
    void killedOpenSearchIsDownInHealthWhileTheGatewayAndOtherEnginesStayUp() {
        String admin = Operators.admin(api()).bearer(); // the engines' details are for operators only
        TestStack.get().killEngine(Engine.OPENSEARCH);

        WebTestClient.BodyContentSpec health = http.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/actuator/health").header("Authorization", admin).exchange()
                .expectBody();
        health.jsonPath("$.components.opensearch.status").isEqualTo("DOWN")
                .jsonPath("$.components.postgres.status").isEqualTo("UP")
                .jsonPath("$.components.mongodb.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP");

        // still ready to serve: only the event store decides readiness
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        // and someone without the role learns the overall status only: no engine, endpoint or position
        http.mutate().responseTimeout(Duration.ofSeconds(20)).build().get().uri("/actuator/health").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("DOWN").jsonPath("$.components").doesNotExist()
                .jsonPath("$.details").doesNotExist();
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
    }

    @Test
    void restartedOpenSearchIsUpAgain() {
        String admin = Operators.admin(api()).bearer();
        TestStack.get().stopEngine(Engine.OPENSEARCH);
        TestStack.get().startEngine(Engine.OPENSEARCH);

        http.get().uri("/actuator/health").header("Authorization", admin).exchange()
                .expectBody().jsonPath("$.components.opensearch.status").isEqualTo("UP");
    }
}
