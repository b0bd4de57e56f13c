package dev.messenger.command.conversation;

/** What a join by link came to: a member now (or already), or a request waiting for an admin. */
public enum JoinOutcome {
    JOINED, AWAITING_APPROVAL
}
