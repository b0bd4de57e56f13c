package dev.messenger.processing.metrics;

import dev.messenger.processing.admin.ProjectionAdmin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-projection gauges, refreshed in the background from the token stores (a scrape never waits on a
 * database): {@code messenger.projection.lag} (events behind the head of the log) and
 * {@code messenger.projection.position} (its processing rate is the position's derivative) and
 * {@code messenger.projection.dead_letters} (conversations with parked events).
 */
@Component
public class ProjectionMetrics {

    private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final ProjectionAdmin projections;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> position = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final dev.messenger.processing.admin.DeadLetters parked;

    public ProjectionMetrics(ProjectionAdmin projections, MeterRegistry registry, dev.messenger.processing.admin.DeadLetters parked) {
        this.projections = projections;
        this.registry = registry;
        this.parked = parked;
    }

    @Scheduled(fixedDelayString = "${messenger.metrics.projection-refresh:5s}")
    public void refresh() {
        try {
            for (ProjectionAdmin.ProjectionStatus status : projections.list()) {
                gauge("messenger.projection.lag", lag, status.name(), "events behind the head of the log").set(status.lag());
                gauge("messenger.projection.position", position, status.name(), "position in the log").set(status.position());
            }
            parked.sequencesByProjection().forEach((projection, sequences) ->
                    gauge("messenger.projection.dead_letters", deadLetters, projection, "conversations with events parked").set(sequences));
        } catch (RuntimeException e) {
            log.debug("projection metrics not refreshed: {}", e.toString()); // a token store down: the next refresh
        }
    }

    private AtomicLong gauge(String name, Map<String, AtomicLong> values, String projection, String description) {
        return values.computeIfAbsent(projection, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).tag("projection", p).description(description).register(registry);
            return value;
        });
    }
}
