package dev.messenger.events.block;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * {@code blockerId} blocked {@code blockedId}. Recorded in the pair's direct conversation (its id derived
 * from the pair), even before either wrote, so no send between them can slip past the block.
 */
@Revision("1")
public record UserBlocked(String conversationId, String blockerId, String blockedId, Instant blockedAt) {
}
