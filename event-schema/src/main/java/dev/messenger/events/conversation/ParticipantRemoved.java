package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A user left a group ({@code removedBy} equals {@code userId}) or an admin removed them. {@code afterSeq} as in
 * {@link ParticipantAdded} (optional).
 */
@Revision("1")
public record ParticipantRemoved(String conversationId, String userId, String removedBy, Instant removedAt, Long afterSeq) {

    public ParticipantRemoved(String conversationId, String userId, String removedBy, Instant removedAt) {
        this(conversationId, userId, removedBy, removedAt, null);
    }

    public boolean left() {
        return userId.equals(removedBy);
    }
}
