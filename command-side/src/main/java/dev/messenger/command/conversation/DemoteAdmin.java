package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Make an admin of a group a member again (an admin asks; an admin may step down; the owner stays an admin). */
public record DemoteAdmin(@TargetAggregateIdentifier String conversationId, String userId, String demotedBy, Instant requestedAt) {
}
