package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A user joined a group conversation; {@code addedBy} is the member who added them. */
@Revision("1")
public record ParticipantAdded(String conversationId, String userId, String addedBy, Instant addedAt) {
}
