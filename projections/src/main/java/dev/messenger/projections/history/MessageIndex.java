package dev.messenger.projections.history;

/**
 * {@code message_index}: message id → its conversation, seq and sender, written by {@link HistoryProjection}.
 * These facts never change, so commands about a message (edit, delete, react) may rely on them.
 */
public final class MessageIndex {

    public static final String COLLECTION = "message_index";

    private MessageIndex() {
    }
}
