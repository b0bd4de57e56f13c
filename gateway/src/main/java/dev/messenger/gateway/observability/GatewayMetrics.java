package dev.messenger.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The gateway's own meters, beside those of Spring (HTTP), Axon (commands, events, processors) and the engine clients. */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter feedReplays;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("messenger.sse.streams.open", openStreams, AtomicInteger::get)
                .description("open /events streams on this node").register(registry);
        this.feedReplays = Counter.builder("messenger.feed.replays")
                .description("streams that resumed from a position and replayed what the client missed").register(registry);
        // every outcome is scraped from the start (as 0), so dashboards and alerts have a series before the first push
        PUSH_OUTCOMES.forEach(outcome -> pushCounter(outcome));
    }

    private static final java.util.List<String> PUSH_OUTCOMES = java.util.List.of("delivered", "retry", "gone", "dropped", "online");

    public void streamOpened(boolean replaying) {
        openStreams.incrementAndGet();
        if (replaying) {
            feedReplays.increment();
        }
    }

    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    /** A request refused by a rate limit, by action (typing, ...). */
    public void rateLimited(String action) {
        Counter.builder("messenger.rate_limit.rejections").tag("action", action)
                .description("requests refused with 429 by a rate limit").register(registry).increment();
    }

    /**
     * One attempt at a push notification, by outcome: delivered, retry (the push service failed or timed out),
     * gone (404/410: the subscription was removed), dropped (out of attempts, or refused), online (not sent: the
     * user has an open stream).
     */
    public void pushOutcome(String outcome) {
        pushCounter(outcome).increment();
    }

    private Counter pushCounter(String outcome) {
        return Counter.builder("messenger.push.notifications").tag("outcome", outcome)
                .description("push notification attempts by outcome").register(registry);
    }
}
