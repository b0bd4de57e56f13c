package dev.messenger.gateway.health;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Shared shape of the engine health checks: a bounded wait, and DOWN with the reason on any failure. */
final class EngineHealth {

    private EngineHealth() {
    }

    static Mono<Health> check(Mono<Health.Builder> probe, Duration timeout, String endpoint) {
        return probe
                .timeout(timeout)
                .map(builder -> builder.withDetail("endpoint", endpoint).build())
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("endpoint", endpoint)
                        .withDetail("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                        .build()));
    }

    /** For clients that only block: run them off the event loop. */
    static Mono<Health.Builder> blocking(Supplier<Health.Builder> probe) {
        return Mono.fromSupplier(probe).subscribeOn(Schedulers.boundedElastic());
    }
}
