package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Decline the message request this direct conversation is for {@code userId}. */
public record DeclineMessageRequest(@TargetAggregateIdentifier String conversationId, String userId, Instant requestedAt) {
}
