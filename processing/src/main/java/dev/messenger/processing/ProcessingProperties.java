package dev.messenger.processing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How projections are run ({@code messenger.processors.*}): segments (and threads) per projection on each node,
 * events per transaction ({@code batchSize}), events read from the log per query ({@code fetchSize}), the longest a
 * caught-up segment waits before looking for events again, and how often a segment's position is written at most
 * ({@code tokenWriteInterval}, see {@link CoalescingTokenStore}), how long a caught-up processor lets new events gather
 * before it handles them ({@code linger}, see {@link LingeringEventSource}), and the processors that never linger
 * ({@code immediate}: the live feed); {@code projections} overrides segments and batch size for named projections.
 */
@ConfigurationProperties("messenger.processors")
@org.springframework.validation.annotation.Validated
public record ProcessingProperties(@Min(1) @Max(64) int segments, @Min(1) @Max(10_000) int batchSize,
                                   @Min(1) @Max(100_000) int fetchSize, @NotNull Duration eventAvailabilityTimeout,
                                   Duration tokenWriteInterval, Duration linger, List<String> immediate,
                                   Map<String, @Valid Projection> projections) {

    /**
     * One projection's own settings ({@code messenger.processors.projections.<name>.*}), each left out meaning the
     * shared one: its segments (taken when its tokens are first made: a change takes a rebuild) and its batch size.
     */
    public record Projection(@Min(1) @Max(64) Integer segments, @Min(1) @Max(10_000) Integer batchSize) {
    }

    public ProcessingProperties {
        if (tokenWriteInterval == null) {
            tokenWriteInterval = Duration.ofSeconds(1);
        }
        if (linger == null) {
            linger = Duration.ZERO;
        }
        immediate = immediate == null ? List.of() : List.copyOf(immediate);
        projections = projections == null ? Map.of() : Map.copyOf(projections);
    }

    public int segmentsOf(String projection) {
        Projection own = projections.get(projection);
        return own != null && own.segments() != null ? own.segments() : segments;
    }

    public int batchSizeOf(String projection) {
        Projection own = projections.get(projection);
        return own != null && own.batchSize() != null ? own.batchSize() : batchSize;
    }
}
