package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A participant archived or unarchived, pinned or unpinned the conversation in their own inbox: both flags as they are
 * now. Per user, like a mute: the others notice nothing.
 */
@Revision("1")
public record ConversationStateChanged(String conversationId, String userId, boolean archived, boolean pinned, Instant changedAt) {
}
