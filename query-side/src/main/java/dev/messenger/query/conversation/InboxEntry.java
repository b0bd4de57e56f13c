package dev.messenger.query.conversation;

import java.time.Instant;

/** A conversation in a user's inbox, with the user's own flags of it ({@code mutedUntil} null: not muted). */
public record InboxEntry(ConversationSummary summary, boolean archived, boolean pinned, Instant mutedUntil) {
}
