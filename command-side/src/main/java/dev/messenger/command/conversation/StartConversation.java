package dev.messenger.command.conversation;

import dev.messenger.events.conversation.ConversationType;
import java.time.Instant;
import java.util.List;
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

    /** A conversation whose messages the server can read. */
    public StartConversation(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                             Instant requestedAt) {
        this(conversationId, type, title, startedBy, participants, requestedAt, false);
    }
}
