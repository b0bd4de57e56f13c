package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The participant a message request was for accepted it (or replied, or started the chat themselves): it joins their
 * inbox, and from now on their reads are receipts and its messages notify them.
 */
@Revision("1")
public record MessageRequestAccepted(String conversationId, String userId, Instant acceptedAt) {
}
