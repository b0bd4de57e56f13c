package dev.messenger.projections.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageSent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message as the API shows it, the one shape of history pages and of the feed's {@code message.sent}: {@code body} is
 * always there (null for a file without a caption, an encrypted message, or a deleted one); {@code encrypted} and
 * {@code ciphertexts} (the reader's own envelopes) only for an end-to-end encrypted message; {@code editedAt},
 * {@code replyTo}, {@code replyPreview} (what the reply quotes, {@link ReplyPreview}), {@code clientMessageId} and
 * {@code media} only when there is one; {@code forwarded} only for a forwarded copy (true); {@code mentions} (the member
 * ids it mentions) and {@code mentionAll} (true) only when it mentions someone; {@code reactions} is emoji → who.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"conversationId", "messageId", "seq", "senderId", "body", "encrypted", "ciphertexts", "media", "sentAt",
        "editedAt", "deleted", "replyTo", "replyPreview", "forwarded", "mentions", "mentionAll", "clientMessageId", "reactions"})
public record MessageView(
        String conversationId,
        String messageId,
        long seq,
        String senderId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String body,
        Boolean encrypted,
        Map<String, String> ciphertexts,
        MediaView media,
        Instant sentAt,
        Instant editedAt,
        boolean deleted,
        String replyTo,
        ReplyPreview replyPreview,
        Boolean forwarded,
        java.util.List<String> mentions,
        Boolean mentionAll,
        String clientMessageId,
        Map<String, Set<String>> reactions) {

    public MessageView {
        reactions = reactions == null ? Map.of() : reactions;
    }

    /**
     * A file in a message: dimensions for images and videos whose size was read, a duration for videos and audio, a
     * waveform for uncompressed audio; each only when known.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaView(String mediaId, String contentType, long size, Integer width, Integer height, Long durationMillis,
                            List<Integer> waveform) {

        public static MediaView of(MediaRef media) {
            return media == null ? null : new MediaView(media.mediaId(), media.contentType(), media.size(), media.width(),
                    media.height(), media.durationMillis(), media.waveform());
        }

        /** The same file, to attach to another message (a forward). */
        public MediaRef ref() {
            return new MediaRef(mediaId, contentType, size, width, height, durationMillis, waveform);
        }
    }

    /** The message as it was sent, before any edit, delete or reaction. */
    public static MessageView of(MessageSent event) {
        return new MessageView(event.conversationId(), event.messageId(), event.seq(), event.senderId(), event.body(), null, null,
                MediaView.of(event.media()), event.sentAt(), null, false, event.replyTo(), ReplyPreview.of(event.quoted()),
                event.forwarded() ? Boolean.TRUE : null, mentionIds(event.mentions()), mentionAll(event.mentions()), event.clientMessageId(),
                Map.of());
    }

    /** An encrypted message as it was sent, without envelopes: each reader gets their own ({@link #withCiphertexts}). */
    public static MessageView of(EncryptedMessageSent event) {
        return new MessageView(event.conversationId(), event.messageId(), event.seq(), event.senderId(), null, true, null, null,
                event.sentAt(), null, false, event.replyTo(), ReplyPreview.of(event.quoted()), null, mentionIds(event.mentions()),
                mentionAll(event.mentions()), event.clientMessageId(), Map.of());
    }

    /** The ids a message mentions, null when none (left out of the JSON). */
    public static java.util.List<String> mentionIds(dev.messenger.events.message.Mentions mentions) {
        return mentions == null || mentions.userIds().isEmpty() ? null : mentions.userIds();
    }

    public static Boolean mentionAll(dev.messenger.events.message.Mentions mentions) {
        return mentions != null && mentions.all() ? Boolean.TRUE : null;
    }

    public MessageView withoutMedia() {
        return new MessageView(conversationId, messageId, seq, senderId, body, encrypted, ciphertexts, null, sentAt, editedAt,
                deleted, replyTo, replyPreview, forwarded, mentions, mentionAll, clientMessageId, reactions);
    }

    public MessageView withBody(String newBody) {
        return new MessageView(conversationId, messageId, seq, senderId, newBody, encrypted, ciphertexts, media, sentAt, editedAt,
                deleted, replyTo, replyPreview, forwarded, mentions, mentionAll, clientMessageId, reactions);
    }

    public MessageView withReplyPreview(ReplyPreview preview) {
        return new MessageView(conversationId, messageId, seq, senderId, body, encrypted, ciphertexts, media, sentAt, editedAt,
                deleted, replyTo, preview, forwarded, mentions, mentionAll, clientMessageId, reactions);
    }

    public MessageView withCiphertexts(Map<String, String> envelopes) {
        return new MessageView(conversationId, messageId, seq, senderId, body, encrypted, envelopes, media, sentAt, editedAt,
                deleted, replyTo, replyPreview, forwarded, mentions, mentionAll, clientMessageId, reactions);
    }
}
