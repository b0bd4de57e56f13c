package dev.messenger.command.conversation;

import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.Mentions;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Send a message. {@code clientMessageId} is the sender's retry key (the gateway derives one from an
 * Idempotency-Key when the client gave none); {@code messageId} is used only when the send is new.
 * {@code media} is an attached file the gateway found to be the sender's, or null. In an end-to-end
 * encrypted conversation {@code ciphertexts} replaces the body: an envelope per recipient device. {@code forwarded}
 * marks a copy of a message the gateway found the sender could see in another conversation. {@code mentions} names the
 * members the message mentions (or null).
 */
public record SendMessage(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        String senderId,
        String body,
        String clientMessageId,
        String replyTo,
        Instant requestedAt,
        MediaRef media,
        Map<String, String> ciphertexts,
        boolean forwarded,
        Mentions mentions) {

    /** A message that mentions nobody. */
    public SendMessage(String conversationId, String messageId, String senderId, String body, String clientMessageId, String replyTo,
                       Instant requestedAt, MediaRef media, Map<String, String> ciphertexts, boolean forwarded) {
        this(conversationId, messageId, senderId, body, clientMessageId, replyTo, requestedAt, media, ciphertexts, forwarded, null);
    }

    /** A message written here, or one end-to-end encrypted (never forwarded). */
    public SendMessage(String conversationId, String messageId, String senderId, String body, String clientMessageId, String replyTo,
                       Instant requestedAt, MediaRef media, Map<String, String> ciphertexts) {
        this(conversationId, messageId, senderId, body, clientMessageId, replyTo, requestedAt, media, ciphertexts, false);
    }

    /** A message whose body the server can read, with a file or not. */
    public SendMessage(String conversationId, String messageId, String senderId, String body, String clientMessageId, String replyTo,
                       Instant requestedAt, MediaRef media) {
        this(conversationId, messageId, senderId, body, clientMessageId, replyTo, requestedAt, media, null);
    }

    /** A text message. */
    public SendMessage(String conversationId, String messageId, String senderId, String body, String clientMessageId, String replyTo,
                       Instant requestedAt) {
        this(conversationId, messageId, senderId, body, clientMessageId, replyTo, requestedAt, null);
    }
}
