package dev.messenger.command.conversation;

/**
 * Immutable facts about an existing message (its seq and sender), looked up in the history read model
 * by the caller of a command: the aggregate keeps no per-message state beyond deletes and reactions,
 * so that it stays small however long the conversation gets (ARCHITECTURE.md).
 */
public record MessageFacts(String messageId, long seq, String senderId) {
}
