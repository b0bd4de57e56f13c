package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddParticipant(@TargetAggregateIdentifier String conversationId, String userId, String addedBy, Instant requestedAt) {
}
