package dev.messenger.query.feed;

/**
 * One entry of a user's feed: its position (the SSE id), its event type and its JSON data. A
 * {@code feed.reset} entry says that entries the client asked for are no longer kept (or the client is
 * ahead of this feed), so it must re-sync from history; its position is where the feed resumes after it.
 * {@code receivedAt} is when this node received a live entry from Redis ({@link System#nanoTime()}), 0 for one read
 * from the stream: how long it waits before its client's stream takes it is measured from there.
 */
public record FeedEntry(long position, String type, String json, long receivedAt) {

    public FeedEntry(long position, String type, String json) {
        this(position, type, json, 0);
    }

    public static final String RESET = "feed.reset";
    /** A stream's own marker: "the feed's head is here", to fill what live delivery missed; never sent. */
    private static final String HEAD_CHECK = "feed.head-check";

    static FeedEntry reset(long requestedSince, long resumeAfter) {
        return new FeedEntry(resumeAfter, RESET, "{\"reason\":\"the feed no longer holds what follows position " + requestedSince
                + "; re-sync conversations from history\",\"resumeAfter\":" + resumeAfter + "}");
    }

    static FeedEntry headCheck(long head) {
        return new FeedEntry(head, HEAD_CHECK, null);
    }

    boolean isHeadCheck() {
        return HEAD_CHECK.equals(type);
    }

    /** This entry at its position in an epoch whose positions start after {@code base} (resets already are). */
    FeedEntry after(long base) {
        return base == 0 || isReset() ? this : new FeedEntry(base + position, type, json, receivedAt);
    }

    public boolean isReset() {
        return RESET.equals(type);
    }
}
