package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a member from a group, or leave it when {@code removedBy} is the member. */
public record RemoveParticipant(@TargetAggregateIdentifier String conversationId, String userId, String removedBy, Instant requestedAt) {
}
