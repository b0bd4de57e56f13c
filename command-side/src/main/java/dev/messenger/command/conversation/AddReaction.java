package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddReaction(@TargetAggregateIdentifier String conversationId, String messageId, String userId, String emoji,
                          Instant requestedAt) {
}
