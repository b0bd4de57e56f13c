package dev.messenger.command;

import org.axonframework.common.AxonNonTransientException;

/**
 * A command broke a rule of its aggregate (a conversation, a key directory). {@link #kind()} tells the edge which answer fits
 * (403, 409, 422, 400) without the aggregate knowing about HTTP. Non-transient: never retried.
 */
public class RuleViolation extends AxonNonTransientException {

    public enum Kind {
        /** there is no such conversation (a direct pair may exist only to hold a block) */
        NOT_FOUND,
        /** the caller may not do this here (not a member, not allowed) */
        FORBIDDEN,
        /** one side of a direct conversation blocked the other */
        BLOCKED,
        /** the request contradicts itself or the conversation's shape */
        INVALID,
        /** the conversation's state does not allow it now */
        CONFLICT,
        /** a retry key was reused for a different request */
        RETRY_KEY_REUSED
    }

    private final Kind kind;

    public RuleViolation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
