package dev.messenger.projections.unread;

/** Unread counters in Redis, written only by {@link UnreadProjection}: hash {@code unread:{userId}} of conversationId → count. */
public final class UnreadKeys {

    private UnreadKeys() {
    }

    public static String counts(String userId) {
        return "unread:{" + userId + "}";
    }

    /** Per conversation, the highest seq already counted: a replayed message is not counted twice. */
    public static String applied(String userId) {
        return "unread:{" + userId + "}:applied";
    }
}
