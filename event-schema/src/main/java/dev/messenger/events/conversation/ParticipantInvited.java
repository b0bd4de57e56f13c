package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An admin asked to add a user whose privacy setting ({@code groupAdds}) does not let them be added, so the add became an
 * invitation the user accepts ({@link InvitationAccepted}, then {@link ParticipantAdded}) or declines
 * ({@link InvitationDeclined}). {@code title} is the group's name when they were invited, as the invitation showed it.
 */
@Revision("1")
public record ParticipantInvited(String conversationId, String invitationId, String userId, String invitedBy, String title,
                                 Instant invitedAt) {
}
