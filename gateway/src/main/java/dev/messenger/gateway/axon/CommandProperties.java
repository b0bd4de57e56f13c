package dev.messenger.gateway.axon;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How commands are handled on a node ({@code messenger.commands.*}, see {@link GroupCommitCommandBus}): the lanes (a
 * thread each; an aggregate's commands always take the same lane), the most commands committed in one transaction
 * ({@code groupSize}; 1 commits each alone), and the commands a lane holds before it refuses more with a 503.
 */
@ConfigurationProperties("messenger.commands")
@org.springframework.validation.annotation.Validated
public record CommandProperties(@Min(1) @Max(64) int lanes, @Min(1) @Max(1_000) int groupSize,
                                @Min(1) @Max(1_000_000) int queueCapacity) {
}
