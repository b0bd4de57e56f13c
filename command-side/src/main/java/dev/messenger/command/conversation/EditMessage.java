package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EditMessage(@TargetAggregateIdentifier String conversationId, String messageId, String editorId, String body,
                          Instant requestedAt) {
}
