package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An admin changed the group's picture to an image they uploaded ({@code pictureMediaId} null: removed it). Every member
 * may then read that image.
 */
@Revision("1")
public record ConversationPictureChanged(String conversationId, String pictureMediaId, String changedBy, long afterSeq,
                                         Instant changedAt) {
}
