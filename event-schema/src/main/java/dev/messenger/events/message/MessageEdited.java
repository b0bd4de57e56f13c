package dev.messenger.events.message;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The sender replaced the body of message {@code seq}. */
@Revision("1")
public record MessageEdited(String conversationId, String messageId, long seq, String senderId, String body, Instant editedAt) {

    /** The same edit with another body: as the log stores it ({@link SealedBody}), or as it was opened. */
    public MessageEdited withBody(String newBody) {
        return new MessageEdited(conversationId, messageId, seq, senderId, newBody, editedAt);
    }
}
