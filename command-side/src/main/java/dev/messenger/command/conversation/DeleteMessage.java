package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteMessage(@TargetAggregateIdentifier String conversationId, String messageId, String requesterId,
                            Instant requestedAt) {
}
