package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Accept the message request this direct conversation is for {@code userId}; accepting what is no request changes nothing. */
public record AcceptMessageRequest(@TargetAggregateIdentifier String conversationId, String userId, Instant requestedAt) {
}
