package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Mute the conversation's notifications for the caller until {@code until}; null unmutes. */
public record MuteConversation(@TargetAggregateIdentifier String conversationId, String userId, Instant until, Instant requestedAt) {
}
