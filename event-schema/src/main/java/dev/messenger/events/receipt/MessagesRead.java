package dev.messenger.events.receipt;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A participant read the conversation up to {@code upToSeq}; reading implies delivery up to the same seq. */
@Revision("1")
public record MessagesRead(String conversationId, String userId, long upToSeq, Instant readAt) {
}
