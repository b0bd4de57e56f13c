package dev.messenger.realtime.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code messenger.push.notifications}: one attempt at a push notification, by outcome: delivered, retry (the push
 * service failed or timed out), gone (404/410: the subscription was removed), dropped (out of attempts, or refused
 * as it is), refused (the endpoint is no longer allowed), online (not sent: the user has an open stream).
 */
@Component
public class PushMetrics {

    // every outcome is scraped from the start (as 0), so dashboards and alerts have a series before the first push
    private static final List<String> OUTCOMES = List.of("delivered", "retry", "gone", "dropped", "refused", "online");

    private final MeterRegistry registry;

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::counter);
    }

    void outcome(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("messenger.push.notifications").tag("outcome", outcome)
                .description("push notification attempts by outcome").register(registry);
    }
}
