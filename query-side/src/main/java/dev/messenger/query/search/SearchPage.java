package dev.messenger.query.search;

import java.time.Instant;
import java.util.List;

/** Hits of a message search; {@code next} is the cursor of the following page, or null. */
public record SearchPage(List<Hit> hits, String next) {

    public record Hit(String conversationId, String messageId, long seq, String senderId, Instant sentAt, String highlight) {
    }
}
