package dev.messenger.projections.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.messenger.events.message.QuotedMessage;

/**
 * What a reply shows of the message it quotes, as that message is now: its first {@link #LENGTH} characters, or
 * {@code deleted} once it was deleted. {@code preview} is null for a deleted or end-to-end encrypted message and for a
 * file without a caption. Read models keep only the quoted message's facts and look the text up when they answer, so
 * an edit shows in every reply and a deleted text is in none.
 */
@JsonPropertyOrder({"messageId", "seq", "senderId", "preview", "deleted"})
public record ReplyPreview(String messageId, long seq, String senderId, @JsonInclude(JsonInclude.Include.ALWAYS) String preview,
                           boolean deleted) {

    /** Characters of the quoted body shown, as in the inbox's preview of a last message. */
    public static final int LENGTH = 120;

    /** The quoted message's facts, its text not looked up yet. */
    public static ReplyPreview of(QuotedMessage quoted) {
        return quoted == null ? null : new ReplyPreview(quoted.messageId(), quoted.seq(), quoted.senderId(), null, false);
    }

    /** With the quoted message's current body: null when it is deleted. */
    public ReplyPreview withBody(String body, boolean isDeleted) {
        return new ReplyPreview(messageId, seq, senderId, isDeleted ? null : shorten(body), isDeleted);
    }

    /** The first {@link #LENGTH} characters, never splitting a character that takes two chars. */
    public static String shorten(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        if (body.codePointCount(0, body.length()) <= LENGTH) {
            return body;
        }
        return body.substring(0, body.offsetByCodePoints(0, LENGTH));
    }
}
