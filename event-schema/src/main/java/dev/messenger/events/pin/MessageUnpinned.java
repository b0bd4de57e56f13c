package dev.messenger.events.pin;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A pinned message was unpinned: by a member allowed to, or, with {@code unpinnedBy} its sender, because it was
 * deleted.
 */
@Revision("1")
public record MessageUnpinned(String conversationId, String messageId, long seq, String unpinnedBy, Instant unpinnedAt) {
}
