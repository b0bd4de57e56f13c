package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An admin makes a link to the group: {@code code} is a fresh {@code ConversationIds.groupCode} the caller drew at random;
 * {@code requestKey} (optional) identifies the client's request, so that its retry returns the link made the first time.
 * The result is the link's code.
 */
public record CreateInviteLink(@TargetAggregateIdentifier String conversationId, String code, boolean approval, String createdBy,
                               String requestKey, Instant requestedAt) {
}
