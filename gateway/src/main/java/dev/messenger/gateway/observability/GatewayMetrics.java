package dev.messenger.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The gateway's own meters, beside those of Spring (HTTP), Axon (commands, events, processors), the engine clients, the
 * projections ({@code processing}) and push ({@code realtime}).
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter feedReplays;
    private final Timer streamDelay;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("messenger.sse.streams.open", openStreams, AtomicInteger::get)
                .description("open /events streams on this node").register(registry);
        this.feedReplays = Counter.builder("messenger.feed.replays")
                .description("streams that resumed from a position and replayed what the client missed").register(registry);
        this.streamDelay = Timer.builder("messenger.feed.stream.delay")
                .description("from this node's receipt of a live feed entry (Redis pub/sub) to its client's stream taking it")
                .register(registry);
    }

    /** A live feed entry waited {@code nanos} on this node between its receipt from Redis and its stream taking it. */
    public void streamTook(long nanos) {
        streamDelay.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

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
}
