package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Block a user; sent to the pair's direct conversation ({@code ConversationIds.direct(blocker, blocked)}). */
public record BlockUser(@TargetAggregateIdentifier String conversationId, String blockerId, String blockedId, Instant requestedAt) {
}
