package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Send a message. {@code clientMessageId} is the sender's retry key (the gateway derives one from an
 * Idempotency-Key when the client gave none); {@code messageId} is used only when the send is new.
 */
public record SendMessage(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        String senderId,
        String body,
        String clientMessageId,
        String replyTo,
        Instant requestedAt) {
}
