package dev.messenger.events.pin;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A message was pinned to its conversation, for every member to see; {@code seq} is the message's position. */
@Revision("1")
public record MessagePinned(String conversationId, String messageId, long seq, String pinnedBy, Instant pinnedAt) {
}
