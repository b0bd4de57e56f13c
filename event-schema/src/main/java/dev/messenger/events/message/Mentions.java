package dev.messenger.events.message;

import java.util.List;

/**
 * Who a message mentions: members by id ({@code userIds}, each once, in the order written) and, with {@code all},
 * every member of a group (its admins only may). A mention notifies even in a muted conversation and lands in the
 * mentioned member's list of mentions.
 */
public record Mentions(List<String> userIds, boolean all) {

    public Mentions {
        userIds = userIds == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(userIds));
    }

    /** Whether {@code userId} is mentioned, by name or with everyone (the sender never mentions themselves). */
    public boolean mention(String userId, String senderId) {
        return !userId.equals(senderId) && (all || userIds.contains(userId));
    }
}
