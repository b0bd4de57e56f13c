package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Unpin a pinned message; whoever may pin may unpin. */
public record UnpinMessage(@TargetAggregateIdentifier String conversationId, String messageId, String userId, Instant requestedAt) {
}
