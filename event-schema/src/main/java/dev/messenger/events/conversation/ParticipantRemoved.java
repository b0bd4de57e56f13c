package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A user left a group ({@code removedBy} equals {@code userId}) or was removed by another member. */
@Revision("1")
public record ParticipantRemoved(String conversationId, String userId, String removedBy, Instant removedAt) {
}
