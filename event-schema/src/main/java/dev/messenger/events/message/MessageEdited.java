package dev.messenger.events.message;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The sender replaced the body of message {@code seq}. */
@Revision("1")
public record MessageEdited(String conversationId, String messageId, long seq, String senderId, String body, Instant editedAt) {
}
