package dev.messenger.events.reaction;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A participant reacted to message {@code seq} with one emoji (one of each emoji per user per message). */
@Revision("1")
public record ReactionAdded(String conversationId, String messageId, long seq, String userId, String emoji, Instant addedAt) {
}
