package dev.messenger.events.reaction;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A participant took back their reaction with this emoji on message {@code seq}. */
@Revision("1")
public record ReactionRemoved(String conversationId, String messageId, long seq, String userId, String emoji, Instant removedAt) {
}
