package dev.messenger.processing.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * What operators see of the projections and how they rebuild one. Positions come from each
 * projection's token store (read without claiming), so the listing covers every node's segments. A rebuild stops the
 * processor on every node (a broadcast through Redis), resets its tokens (its reset handler clears
 * its store) and starts it again; it then replays the log while the system keeps serving.
 */
@Component
public class ProjectionAdmin {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProcessorControl control;
    private final ProcessorTokens tokens;
    private final Set<String> rebuilding = ConcurrentHashMap.newKeySet();

    public ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore, ProcessorControl control,
                           ProcessorTokens tokens) {
        this.processing = processing;
        this.tokens = tokens;
        this.eventStore = eventStore;
        this.control = control;
    }

    public record ProjectionStatus(String name, String status, long position, long lag, boolean replaying, Integer progress,
                                   int segments, boolean paused) {
    }

    public List<ProjectionStatus> list() {
        long head = ProcessorTokens.position(eventStore.createHeadToken());
        java.util.Set<String> paused = control.pausedProjections();
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof TrackingEventProcessor processor) {
                statuses.add(status(entry.getKey(), processor, head, paused.contains(entry.getKey())));
            }
        }
        statuses.sort(java.util.Comparator.comparing(ProjectionStatus::name));
        return statuses;
    }

    public boolean exists(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class).isPresent();
    }

    /** Starts a rebuild; false when one is already running for this projection. */
    public boolean rebuild(String name) {
        processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
        if (!rebuilding.add(name)) {
            return false;
        }
        try {
            // a replay that was paused is no rebuild running: rebuilding starts it over (and ends the pause)
            if (tokens.position(name).replaying() && !control.pausedProjections().contains(name)) {
                return false;
            }
            control.stopEverywhere(name, java.util.UUID.randomUUID().toString()); // returns once the tokens are reset: the reset handler has cleared the store
            control.startEverywhere(name);
            return true;
        } finally {
            rebuilding.remove(name);
        }
    }

    /** Stops the projection on every node until it is resumed (or rebuilt); events meanwhile wait in the log. */
    public void pause(String name) {
        control.pauseEverywhere(name);
    }

    public void resume(String name) {
        control.startEverywhere(name);
    }

    private ProjectionStatus status(String name, TrackingEventProcessor processor, long head, boolean paused) {
        ProcessorTokens.Position at = tokens.position(name);
        // a segment whose batch fails is retried with back-off: "error" while any segment on this node is in that state
        boolean failing = processor.isError()
                || processor.processingStatus().values().stream().anyMatch(org.axonframework.eventhandling.EventTrackerStatus::isErrorState);
        String status = failing ? "error" : processor.isRunning() ? "running" : "stopped";
        return new ProjectionStatus(name, status, at.position(), Math.max(0, head - at.position()), at.replaying(), at.progress(),
                at.segments(), paused);
    }
}
