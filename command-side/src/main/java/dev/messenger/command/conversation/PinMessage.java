package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Pin a message to its conversation for every member: either side of a direct chat, a group's admin. */
public record PinMessage(@TargetAggregateIdentifier String conversationId, String messageId, String userId, Instant requestedAt) {
}
