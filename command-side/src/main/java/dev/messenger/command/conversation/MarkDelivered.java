package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkDelivered(@TargetAggregateIdentifier String conversationId, String userId, long upToSeq, Instant requestedAt) {
}
