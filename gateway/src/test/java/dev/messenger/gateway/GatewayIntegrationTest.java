package dev.messenger.gateway;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the end-to-end tests: the real gateway over real HTTP on the real local stack, with its
 * metrics exported as in production (Spring Boot's tests turn that off by default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@org.springframework.context.annotation.Import(GatewayIntegrationTest.Spans.class)
@org.springframework.test.context.ActiveProfiles("it") // application-it.yml: rate limits above what the suite does
public abstract class GatewayIntegrationTest {

    @Autowired
    protected WebTestClient http;

    @org.springframework.boot.test.web.server.LocalServerPort
    protected int port;

    @Autowired
    private org.redisson.api.RedissonClient feedRedis;

    /** Feed ids are this plus the entry's number: 0 until the feed is first rebuilt, then a new epoch's first position. */
    protected long feedBase() {
        return feedRedis.getAtomicLong(dev.messenger.projections.feed.FeedKeys.EPOCH).get()
                * dev.messenger.projections.feed.FeedKeys.EPOCH_SPAN;
    }

    protected ApiClient api() {
        return new ApiClient(port);
    }

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
        // short presence times, so that expiry and offline announcements happen within a test
        registry.add("messenger.presence.ttl", () -> "3s");
        registry.add("messenger.presence.grace", () -> "1s");
        registry.add("messenger.aggregates.snapshot-threshold", () -> "50");
        registry.add("management.tracing.sampling.probability", () -> "1.0");

    }

    /** Every span the gateway makes, kept in memory for the tracing test. */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @org.springframework.context.annotation.Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }
    }
}
