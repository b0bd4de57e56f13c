package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteMessage(@TargetAggregateIdentifier String conversationId, MessageFacts message, String requesterId,
                            Instant requestedAt) {
}
