package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeclineJoinRequest(@TargetAggregateIdentifier String conversationId, String userId, String declinedBy, Instant requestedAt) {
}
