package dev.messenger.command.conversation;

/** Immutable facts about an existing message (its seq and sender), as the {@link MessageDirectory} finds them. */
public record MessageFacts(String messageId, long seq, String senderId) {
}
