package dev.messenger.events.receipt;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A participant's devices received the conversation's messages up to {@code upToSeq} (a watermark: only moves forward). */
@Revision("1")
public record MessagesDelivered(String conversationId, String userId, long upToSeq, Instant deliveredAt) {
}
