package dev.messenger.processing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How projections are run ({@code messenger.processors.*}): segments (and threads) per projection on each node,
 * events per transaction ({@code batchSize}), events read from the log per query ({@code fetchSize}), the longest a
 * caught-up segment waits before looking for events again, and how often a segment's position is written at most
 * ({@code tokenWriteInterval}, see {@link CoalescingTokenStore}), how long a caught-up processor lets new events gather
 * before it handles them ({@code linger}, see {@link LingeringEventSource}), and the processors that never linger
 * ({@code immediate}: the live feed).
 */
@ConfigurationProperties("messenger.processors")
@org.springframework.validation.annotation.Validated
public record ProcessingProperties(@Min(1) @Max(64) int segments, @Min(1) @Max(10_000) int batchSize,
                                   @Min(1) @Max(100_000) int fetchSize, @NotNull Duration eventAvailabilityTimeout,
                                   Duration tokenWriteInterval, Duration linger, List<String> immediate) {

    public ProcessingProperties {
        if (tokenWriteInterval == null) {
            tokenWriteInterval = Duration.ofSeconds(1);
        }
        if (linger == null) {
            linger = Duration.ZERO;
        }
        immediate = immediate == null ? List.of() : List.copyOf(immediate);
    }
}
