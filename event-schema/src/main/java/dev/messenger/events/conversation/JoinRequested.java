package dev.messenger.events.conversation;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A user asked to join through a link that needs an admin's approval; {@code approvers} are the group's admins it was put
 * to (who are told). An admin approves ({@link ParticipantAdded} by them) or declines ({@link JoinRequestDeclined}).
 */
@Revision("1")
public record JoinRequested(String conversationId, String userId, String code, List<String> approvers, Instant requestedAt) {

    public JoinRequested {
        approvers = List.copyOf(approvers);
    }
}
