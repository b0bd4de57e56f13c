package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ApproveJoinRequest(@TargetAggregateIdentifier String conversationId, String userId, String approvedBy, Instant requestedAt) {
}
