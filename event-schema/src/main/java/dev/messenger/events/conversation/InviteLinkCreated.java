package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An admin made a link anyone holding it can join the group by ({@code code}, unguessable); with {@code approval} a join
 * is a request an admin approves. The code is kept here as the rest of the group's state is, so that admins can show it
 * again; revoking it ({@link InviteLinkRevoked}) is how a leaked link is stopped. {@code requestKey} (optional) names the
 * admin's request (a hash of them and their Idempotency-Key), so that a retry gets this link rather than a second one.
 */
@Revision("1")
public record InviteLinkCreated(String conversationId, String code, boolean approval, String createdBy, String requestKey,
                                Instant createdAt) {
}
