package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The invited user accepted: a {@link ParticipantAdded} (by whoever invited them) follows in the same transaction. */
@Revision("1")
public record InvitationAccepted(String conversationId, String invitationId, String userId, String invitedBy, Instant acceptedAt) {
}
