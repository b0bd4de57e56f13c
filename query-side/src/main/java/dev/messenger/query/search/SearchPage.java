package dev.messenger.query.search;

import dev.messenger.projections.message.ReplyPreview;
import java.time.Instant;
import java.util.List;

/** Hits of a message search; {@code next} is the cursor of the following page, or null. */
public record SearchPage(List<Hit> hits, String next) {

    /** {@code replyPreview} only for a reply: what it quotes, as that message is now. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Hit(String conversationId, String messageId, long seq, String senderId, Instant sentAt, String highlight,
                      ReplyPreview replyPreview) {

        public Hit(String conversationId, String messageId, long seq, String senderId, Instant sentAt, String highlight) {
            this(conversationId, messageId, seq, senderId, sentAt, highlight, null);
        }

        public Hit withReplyPreview(ReplyPreview preview) {
            return new Hit(conversationId, messageId, seq, senderId, sentAt, highlight, preview);
        }
    }

    /** The page with each reply's preview from {@code previews} (by conversation id and seq). */
    public SearchPage withReplyPreviews(java.util.Map<String, ReplyPreview> previews) {
        return new SearchPage(hits.stream().map(hit -> hit.withReplyPreview(
                previews.get(dev.messenger.projections.history.HistoryMessages.messageDocumentId(hit.conversationId(), hit.seq()))))
                .toList(), next);
    }
}
