package dev.messenger.command.conversation;

/**
 * A command broke a conversation rule. {@link #kind()} tells the edge which answer fits
 * (403, 409, 422, 400) without the aggregate knowing about HTTP.
 */
public class ConversationRuleViolation extends RuntimeException {

    public enum Kind {
        /** the caller may not do this here (not a member, not allowed) */
        FORBIDDEN,
        /** the request contradicts itself or the conversation's shape */
        INVALID,
        /** the conversation's state does not allow it now */
        CONFLICT,
        /** a retry key was reused for a different request */
        RETRY_KEY_REUSED
    }

    private final Kind kind;

    public ConversationRuleViolation(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
