package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A participant muted the conversation's notifications until {@code until}, or unmuted it ({@code until}
 * null). Muting is per user: the others notice nothing.
 */
@Revision("1")
public record ConversationMuted(
        String conversationId,
        String userId,
        Instant until,
        Instant mutedAt) {
}
