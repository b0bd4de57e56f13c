package dev.messenger.query.conversation;

/** A conversation in a user's inbox, with the user's own flags of it. */
public record InboxEntry(ConversationSummary summary, boolean archived, boolean pinned) {
}
