package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The participant a message request was for declined it: it leaves their requests, and what its starter sends stays
 * out of their sight until they start a chat with them themselves. The starter is not told.
 */
@Revision("1")
public record MessageRequestDeclined(String conversationId, String userId, Instant declinedAt) {
}
