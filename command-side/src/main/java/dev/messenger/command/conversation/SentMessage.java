package dev.messenger.command.conversation;

import java.time.Instant;

/** The result of {@link SendMessage}: the message's place in its conversation; {@code duplicate} for a retry. */
public record SentMessage(String conversationId, String messageId, long seq, Instant sentAt, boolean duplicate) {
}
