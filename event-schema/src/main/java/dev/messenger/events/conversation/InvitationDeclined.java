package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The invited user declined; whoever invited them is told, and may invite them again. */
@Revision("1")
public record InvitationDeclined(String conversationId, String invitationId, String userId, String invitedBy, Instant declinedAt) {
}
