package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeInviteLink(@TargetAggregateIdentifier String conversationId, String code, String revokedBy, Instant requestedAt) {
}
