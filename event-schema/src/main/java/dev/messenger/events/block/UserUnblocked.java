package dev.messenger.events.block;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code blockerId} lifted their block of {@code blockedId}. */
@Revision("1")
public record UserUnblocked(String conversationId, String blockerId, String blockedId, Instant unblockedAt) {
}
