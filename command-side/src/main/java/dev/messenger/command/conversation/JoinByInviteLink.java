package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A user holding a link's code joins its group, or asks to when the link needs approval. Result: {@link JoinOutcome}. */
public record JoinByInviteLink(@TargetAggregateIdentifier String conversationId, String code, String userId, Instant requestedAt) {
}
