package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EditMessage(@TargetAggregateIdentifier String conversationId, MessageFacts message, String editorId, String body,
                          Instant requestedAt) {
}
