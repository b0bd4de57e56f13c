package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeclineInvitation(@TargetAggregateIdentifier String conversationId, String invitationId, String userId, Instant requestedAt) {
}
