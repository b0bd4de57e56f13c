package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnblockUser(@TargetAggregateIdentifier String conversationId, String blockerId, String blockedId, Instant requestedAt) {
}
