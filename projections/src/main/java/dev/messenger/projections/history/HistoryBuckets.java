package dev.messenger.projections.history;

/**
 * The history read model in MongoDB, written only by {@link HistoryProjection}. Messages live in
 * buckets of {@link #SIZE} consecutive seqs, {@code _id = "<conversationId>:<bucket>"} with
 * {@code m.<seq>} entries, so a page of history is one or a few {@code _id} lookups; the head
 * document ({@code _id = conversationId}) holds the highest seq stored.
 */
public final class HistoryBuckets {

    public static final String BUCKETS = "history_buckets";
    public static final String HEADS = "history_heads";
    /** Changing it needs a rebuild of the history projection. */
    public static final int SIZE = 100;

    private HistoryBuckets() {
    }

    public static long bucketOf(long seq) {
        return (seq - 1) / SIZE;
    }

    public static String bucketId(String conversationId, long bucket) {
        return conversationId + ":" + bucket;
    }
}
