package dev.messenger.projections.feed;


/**
 * The per-user feed in Redis, written only by {@link FeedProjection}. Positions are 1, 2, 3 ... per
 * user; entry {@code n} has stream id {@code n-1}. Keys of one user share a hash tag, so the append
 * script touches one Redis Cluster slot.
 */
public final class FeedKeys {

    public static final String TYPE_FIELD = "t";
    public static final String DATA_FIELD = "d";
    /** Set on entries whose message body is kept by reference (message.sent, message.edited). */
    public static final String CONVERSATION_FIELD = "c";
    public static final String MESSAGE_FIELD = "m";

    /**
     * The feed's epoch, one more after every rebuild ({@link FeedEpoch}); positions clients see are
     * {@code epoch × EPOCH_SPAN + n}. Outside the {@code feed:*} keys, which a rebuild deletes.
     */
    public static final String EPOCH = "feed-epoch";
    /** Where a new epoch is announced, so open streams end with a reset. */
    public static final String EPOCH_CHANNEL = "feed-epoch-changed";
    /** 10^12 entries per epoch and user; 9,000 epochs stay below 2^53 (exact as a JavaScript number). */
    public static final long EPOCH_SPAN = 1_000_000_000_000L;

    private FeedKeys() {
    }

    /** The stream of feed entries (trimmed to the configured retention). */
    public static String stream(String userId) {
        return "feed:{" + userId + "}";
    }

    /** The last position handed out. */
    public static String position(String userId) {
        return "feed:{" + userId + "}:pos";
    }

    /** Per conversation, the highest aggregate sequence number already appended: replays append nothing twice. */
    public static String applied(String userId) {
        return "feed:{" + userId + "}:applied";
    }

    /** The pub/sub channel live entries are published on, as {@code position \n type \n json}. */
    public static String channel(String userId) {
        return "feed-live:" + userId;
    }

    /**
     * The current bodies of a conversation's messages (messageId → body). Feed entries refer to them
     * instead of copying them, so an edit shows and a delete erases the body in every replay: a message with no entry
     * here was deleted. A file sent without a caption has {@link #NO_CAPTION}. The file a message carries is kept the
     * same way, under {@link #fileOf} its id (its {@code media} JSON), so a delete forgets which file it was too.
     */
    public static final String NO_CAPTION = ""; // never a body: a body has 1 to 4,000 characters

    public static String bodies(String conversationId) {
        return "feed-body:{" + conversationId + "}";
    }

    /** The field of {@link #bodies} that holds the file a message carries. */
    public static String fileOf(String messageId) {
        return messageId + "#media";
    }
}
