package dev.messenger.events.message;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The sender deleted message {@code seq}. Carries no body: every read model, index, feed and topic
 * that holds the body must drop it on this event (personal data can be forgotten).
 */
@Revision("1")
public record MessageDeleted(String conversationId, String messageId, long seq, String senderId, Instant deletedAt) {
}
