package dev.messenger.processing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How projections are run ({@code messenger.processors.*}): segments (and threads) per projection on each node,
 * events per transaction ({@code batchSize}), events read from the log per query ({@code fetchSize}), the longest a
 * caught-up segment waits before looking for events again, and how often a segment's position is written at most
 * ({@code tokenWriteInterval}, see {@link CoalescingTokenStore}).
 */
@ConfigurationProperties("messenger.processors")
public record ProcessingProperties(int segments, int batchSize, int fetchSize, Duration eventAvailabilityTimeout,
                                   Duration tokenWriteInterval) {

    public ProcessingProperties {
        if (tokenWriteInterval == null) {
            tokenWriteInterval = Duration.ofSeconds(1);
        }
    }
}
