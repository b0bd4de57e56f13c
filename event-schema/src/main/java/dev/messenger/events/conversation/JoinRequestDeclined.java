package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An admin declined a request to join; the user may ask again while a link lets them. */
@Revision("1")
public record JoinRequestDeclined(String conversationId, String userId, String declinedBy, Instant declinedAt) {
}
