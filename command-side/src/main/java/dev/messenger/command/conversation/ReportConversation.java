package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Report a message ({@code messageId}) or the whole conversation (null) to the operators. {@code reportId} is the same
 * for a retry of the same request; {@code evidence} is the message's text as the gateway read it (or null).
 */
public record ReportConversation(@TargetAggregateIdentifier String conversationId, String reportId, String reporterId, String messageId,
                                 String reason, String evidence, Instant requestedAt) {
}
