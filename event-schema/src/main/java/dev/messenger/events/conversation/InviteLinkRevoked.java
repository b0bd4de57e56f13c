package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The link no longer lets anyone join; join requests made through it before stay for the admins to answer. */
@Revision("1")
public record InviteLinkRevoked(String conversationId, String code, String revokedBy, Instant revokedAt) {
}
