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

    /**
     * The members this start asks for (the starter first), once the request has a valid shape: a direct pair under the
     * id derived from it, or a group with a title and at most {@link ConversationLimits#MAX_PARTICIPANTS} members.
     */
    Set<String> requireValidShape() {
        Set<String> members = new LinkedHashSet<>();
        members.add(startedBy);
        members.addAll(participants);
        if (type == ConversationType.DIRECT) {
            if (members.size() != 2) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, DIRECT_PAIR);
            }
            List<String> pair = List.copyOf(members);
            if (!conversationId.equals(ConversationIds.direct(pair.get(0), pair.get(1)))) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, "a direct conversation's id is derived from its pair");
            }
        } else {
            String stripped = title == null ? "" : title.strip();
            if (stripped.isEmpty() || stripped.length() > ConversationLimits.MAX_TITLE_LENGTH) {
                throw new RuleViolation(RuleViolation.Kind.INVALID,
                        "a group needs a title of 1 to " + ConversationLimits.MAX_TITLE_LENGTH + " characters");
            }
            if (members.size() > ConversationLimits.MAX_PARTICIPANTS) {
                throw new RuleViolation(RuleViolation.Kind.INVALID,
                        "a group has at most " + ConversationLimits.MAX_PARTICIPANTS + " participants");
            }
        }
        return members;
    }

    /** What a retry of a group's start must repeat (its Idempotency-Key made the id). */
    String fingerprint() {
        Set<String> members = new LinkedHashSet<>(participants);
        members.add(startedBy);
        return fingerprint(type, title == null ? null : title.strip(), members, e2ee);
    }

    /** The fingerprint of a start as its event recorded it. */
    static String fingerprint(ConversationType type, String title, Collection<String> members, boolean e2ee) {
        return RetryFingerprint.of(type, title, members, e2ee);
    }

    /** A conversation whose messages the server can read. */
    public StartConversation(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                             Instant requestedAt) {
        this(conversationId, type, title, startedBy, participants, requestedAt, false);
    }
}
