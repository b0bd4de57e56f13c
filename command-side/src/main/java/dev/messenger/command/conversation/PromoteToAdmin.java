package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Make a member of a group one of its admins (an admin asks). */
public record PromoteToAdmin(@TargetAggregateIdentifier String conversationId, String userId, String promotedBy, Instant requestedAt) {
}
