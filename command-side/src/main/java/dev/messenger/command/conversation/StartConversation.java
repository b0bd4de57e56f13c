package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationType;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start a direct or group conversation, end-to-end encrypted when {@code e2ee}; for a direct one, asking again returns the existing one. */
public record StartConversation(
        @TargetAggregateIdentifier String conversationId,
        ConversationType type,
        String title,
        String startedBy,
        List<String> participants,
        Instant requestedAt,
        boolean e2ee) {

    static final String DIRECT_PAIR = "a direct conversation has exactly one other participant";

    /**
     * The command for a client's request, with the conversation's id: a direct pair's is derived from the pair (so the
     * pair has one conversation), a group's is new, or derived from its creator's idempotency key when there is one
     * (so a retried request meets the group it created). The starter is taken out of {@code participants}.
     */
    public static StartConversation requested(ConversationType type, String title, String startedBy, Collection<String> participants,
                                              String idempotencyKey, Instant requestedAt, boolean e2ee) {
        Set<String> others = new LinkedHashSet<>(participants);
        others.remove(startedBy);
        String conversationId;
        if (type == ConversationType.DIRECT) {
            if (others.size() != 1) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, DIRECT_PAIR);
            }
            conversationId = ConversationIds.direct(startedBy, others.iterator().next());
        } else {
            conversationId = idempotencyKey == null ? ConversationIds.newGroup() : ConversationIds.group(startedBy, idempotencyKey);
        }
        return new StartConversation(conversationId, type, title, startedBy, List.copyOf(others), requestedAt, e2ee);
    }

    /** A conversation whose messages the server can read. */
    public StartConversation(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                             Instant requestedAt) {
        this(conversationId, type, title, startedBy, participants, requestedAt, false);
    }
}
