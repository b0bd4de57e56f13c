package dev.messenger.gateway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * What operators see of the projections and how they rebuild one. Positions come from each
 * projection's token store, so the listing covers every node's segments. A rebuild stops the
 * processor on every node (a broadcast through Redis), resets its tokens (its reset handler clears
 * its store) and starts it again; it then replays the log while the system keeps serving.
 */
@Component
public class ProjectionAdmin {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProcessorControl control;
    private final Set<String> rebuilding = ConcurrentHashMap.newKeySet();

    public ProjectionAdmin(EventProcessingConfiguration processing, EventStore eventStore, ProcessorControl control) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.control = control;
    }

    public record ProjectionStatus(String name, String status, long position, long lag, boolean replaying, Integer progress,
                                   int segments) {
    }

    public List<ProjectionStatus> list() {
        long head = position(eventStore.createHeadToken());
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof TrackingEventProcessor processor) {
                statuses.add(status(entry.getKey(), processor, head));
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
        TrackingEventProcessor processor = processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
        if (!rebuilding.add(name)) {
            return false;
        }
        try {
            if (status(name, processor, position(eventStore.createHeadToken())).replaying()) {
                return false;
            }
            control.stopEverywhere(name); // returns once the tokens are reset: the reset handler has cleared the store
            control.startEverywhere(name);
            return true;
        } finally {
            rebuilding.remove(name);
        }
    }

    private ProjectionStatus status(String name, TrackingEventProcessor processor, long head) {
        TokenStore tokens = processing.tokenStore(name);
        int[] segments = tokens.fetchSegments(name);
        long position = Long.MAX_VALUE;
        long resetAt = -1;
        boolean replaying = false;
        for (int segment : segments) {
            TrackingToken token;
            try {
                // Axon's token stores only read a token by claiming it; a segment another node holds is skipped
                token = tokens.fetchToken(name, segment);
            } catch (org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException e) {
                continue;
            }
            // a replay token's own position is not where the replay is: its current token is
            long at = position(token instanceof ReplayToken replay ? replay.getCurrentToken() : token);
            position = Math.min(position, at);
            if (token instanceof ReplayToken replay) {
                long target = position(replay.getTokenAtReset());
                // a replay ends when the segment passes the position it was reset at (Axon keeps the
                // replay token until the next event after it; a quiet log would show it replaying forever)
                if (at < target) {
                    replaying = true;
                    resetAt = Math.max(resetAt, target);
                }
            }
        }
        if (segments.length == 0) {
            position = 0;
        }
        String status = processor.isError() ? "error" : processor.isRunning() ? "running" : "stopped";
        Integer progress = replaying && resetAt > 0 ? (int) Math.min(100, position * 100 / resetAt) : null;
        return new ProjectionStatus(name, status, position, Math.max(0, head - position), replaying, progress, segments.length);
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : 0;
    }
}
