package dev.messenger.query.conversation;

import java.util.List;

/** One page of a user's inbox, pinned first, then newest activity first; {@code next} is the cursor of the following page or null. */
public record InboxPage(List<InboxEntry> conversations, String next) {
}
