package dev.messenger.events.message;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A message was accepted into a conversation at position {@code seq} (1, 2, 3 ... without gaps).
 * {@code clientMessageId} is the sender's de-duplication key; {@code replyTo} a message id or null.
 * Revision 2 added {@code kind} and {@code media} (a file, with or without a body); revision 1 events
 * (text only) are upcast by {@code MessageSentUpcaster}. {@code quoted} (added within revision 2, optional: null in
 * events from before it and in messages that reply to nothing) holds the facts of the {@code replyTo} message;
 * {@code forwarded} (also added within revision 2, false when absent) marks a copy of a message from another
 * conversation: its body and file, nothing that tells where it came from. {@code mentions} (added within revision 2,
 * optional: null when the message mentions nobody) says whom it mentions.
 */
@Revision("2")
public record MessageSent(
        String conversationId,
        String messageId,
        long seq,
        String senderId,
        String body,
        String clientMessageId,
        String replyTo,
        Instant sentAt,
        MessageKind kind,
        MediaRef media,
        QuotedMessage quoted,
        boolean forwarded,
        Mentions mentions) {

    /** The same message with another body: as the log stores it ({@link SealedBody}), or as it was opened. */
    public MessageSent withBody(String newBody) {
        return new MessageSent(conversationId, messageId, seq, senderId, newBody, clientMessageId, replyTo, sentAt, kind, media, quoted,
                forwarded, mentions);
    }

    /** The same message with another file reference: sealed as the log stores it, opened, or null once forgotten. */
    public MessageSent withMedia(MediaRef newMedia) {
        return new MessageSent(conversationId, messageId, seq, senderId, body, clientMessageId, replyTo, sentAt, kind, newMedia, quoted,
                forwarded, mentions);
    }

    /** A message that mentions nobody. */
    public MessageSent(String conversationId, String messageId, long seq, String senderId, String body, String clientMessageId,
                       String replyTo, Instant sentAt, MessageKind kind, MediaRef media, QuotedMessage quoted, boolean forwarded) {
        this(conversationId, messageId, seq, senderId, body, clientMessageId, replyTo, sentAt, kind, media, quoted, forwarded, null);
    }

    /** A message written here (not forwarded). */
    public MessageSent(String conversationId, String messageId, long seq, String senderId, String body, String clientMessageId,
                       String replyTo, Instant sentAt, MessageKind kind, MediaRef media, QuotedMessage quoted) {
        this(conversationId, messageId, seq, senderId, body, clientMessageId, replyTo, sentAt, kind, media, quoted, false);
    }

    /** A message that replies to nothing, or whose reply was recorded before {@code quoted} existed. */
    public MessageSent(String conversationId, String messageId, long seq, String senderId, String body, String clientMessageId,
                       String replyTo, Instant sentAt, MessageKind kind, MediaRef media) {
        this(conversationId, messageId, seq, senderId, body, clientMessageId, replyTo, sentAt, kind, media, null, false);
    }

    /** A text message. */
    public MessageSent(String conversationId, String messageId, long seq, String senderId, String body, String clientMessageId,
                       String replyTo, Instant sentAt) {
        this(conversationId, messageId, seq, senderId, body, clientMessageId, replyTo, sentAt, MessageKind.TEXT, null, null, false);
    }
}
