package dev.messenger.processing.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.monitoring.MessageMonitor;

/**
 * A projection's handled, failed and ignored events per event type, under Axon's meter names
 * ({@code eventProcessor.successCounter{processorName,payloadType}} and so on), at a cost a replay of
 * millions of events can carry. Axon's own monitors look their meters up in the registry for every event,
 * building the tags each time, and parse every event's timestamp for a latency gauge: measured, that was
 * more than half of a replaying processor's CPU. Here the meters of an event type are looked up once.
 * There is no latency gauge: {@code messenger_projection_lag} says how far behind a projection is, in events.
 */
public final class EventProcessorMonitor implements MessageMonitor<EventMessage<?>> {

    private final String processorName;
    private final MeterRegistry registry;
    private final Map<Class<?>, Meters> meters = new ConcurrentHashMap<>();

    public EventProcessorMonitor(String processorName, MeterRegistry registry) {
        this.processorName = processorName;
        this.registry = registry;
    }

    @Override
    public MonitorCallback onMessageIngested(EventMessage<?> message) {
        Meters forType = meters.computeIfAbsent(message.getPayloadType(), this::register);
        long start = System.nanoTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                forType.success.increment();
                forType.handled.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportFailure(Throwable cause) {
                forType.failure.increment();
                forType.handled.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportIgnored() {
                forType.ignored.increment();
            }
        };
    }

    private Meters register(Class<?> payloadType) {
        Tags tags = Tags.of("processorName", processorName, "payloadType", payloadType.getSimpleName());
        return new Meters(
                Counter.builder("eventProcessor.successCounter").tags(tags).register(registry),
                Counter.builder("eventProcessor.failureCounter").tags(tags).register(registry),
                Counter.builder("eventProcessor.ignoredCounter").tags(tags).register(registry),
                Timer.builder("eventProcessor.allTimer").description("time to handle an event, successfully or not")
                        .tags(tags).register(registry));
    }

    private record Meters(Counter success, Counter failure, Counter ignored, Timer handled) {
    }
}
