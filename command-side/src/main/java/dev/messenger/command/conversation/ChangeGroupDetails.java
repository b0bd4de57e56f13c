package dev.messenger.command.conversation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change a group's title, description or picture (an admin asks). A null field stays as it is; an empty description or
 * picture id removes it. The picture is an image the admin uploaded, checked before the command is sent.
 */
public record ChangeGroupDetails(@TargetAggregateIdentifier String conversationId, String changedBy, String title, String description,
                                 String pictureMediaId, Instant requestedAt) {
}
