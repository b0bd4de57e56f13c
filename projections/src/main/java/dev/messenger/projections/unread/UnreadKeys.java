package dev.messenger.projections.unread;

/**
 * The unread-count read model in Redis, written only by {@link UnreadProjection}. Per conversation
 * (keys share the hash tag {@code {conversationId}}, so a count is one script on one slot):
 * <ul>
 *   <li>{@code unread:{c}:live} sorted set of the seqs of messages not deleted,</li>
 *   <li>{@code unread:{c}:by:<userId>} the same for one sender's messages,</li>
 *   <li>{@code unread:{c}:read} hash userId → read watermark (every member has one),</li>
 *   <li>{@code unread:{c}:last} the highest seq.</li>
 * </ul>
 * unread(user) = live seqs above the user's watermark − the user's own seqs above it. Seqs at or
 * below every member's watermark can no longer count and are trimmed.
 *
 * <p>Per user, {@code unread:mentions:<userId>}: the messages that mention them, a sorted set of
 * {@code <seq>:<conversationId>} scored by the time sent (ms), the newest {@link #MAX_MENTIONS} kept.
 */
public final class UnreadKeys {

    private UnreadKeys() {
    }

    public static String live(String conversationId) {
        return "unread:{" + conversationId + "}:live";
    }

    public static String sentBy(String conversationId, String userId) {
        return "unread:{" + conversationId + "}:by:" + userId;
    }

    public static String read(String conversationId) {
        return "unread:{" + conversationId + "}:read";
    }

    /** How many of a user's latest mentions are kept. */
    public static final int MAX_MENTIONS = 1000;

    public static String mentions(String userId) {
        return "unread:mentions:" + userId;
    }

    /** A mention's entry: the message's seq, then its conversation (a seq has no colon, so the first one splits them). */
    public static String mentionEntry(String conversationId, long seq) {
        return seq + ":" + conversationId;
    }

    public static String last(String conversationId) {
        return "unread:{" + conversationId + "}:last";
    }

    /** KEYS: read, live, sentBy(user); ARGV: userId. Returns the user's unread count. */
    public static final String COUNT_SCRIPT = """
            local read = redis.call('HGET', KEYS[1], ARGV[1]) or '0'
            local above = '(' .. read
            return redis.call('ZCOUNT', KEYS[2], above, '+inf') - redis.call('ZCOUNT', KEYS[3], above, '+inf')
            """;
}
