package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archive or pin the conversation in the caller's own inbox; a null flag stays as it is. */
public record ChangeConversationState(@TargetAggregateIdentifier String conversationId, String userId, Boolean archived, Boolean pinned,
                                      Instant requestedAt) {
}
