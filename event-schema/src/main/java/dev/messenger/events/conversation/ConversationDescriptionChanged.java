package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An admin changed the group's description ({@code description} null: removed it). */
@Revision("1")
public record ConversationDescriptionChanged(String conversationId, String description, String changedBy, long afterSeq,
                                             Instant changedAt) {
}
