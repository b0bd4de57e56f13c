package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The invited user joins the group they were invited to (accepting again, once in, changes nothing). */
public record AcceptInvitation(@TargetAggregateIdentifier String conversationId, String invitationId, String userId, Instant requestedAt) {
}
