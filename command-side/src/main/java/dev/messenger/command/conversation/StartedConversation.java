package dev.messenger.command.conversation;

/** The result of {@link StartConversation}; {@code existing} when a direct conversation already existed. */
public record StartedConversation(String conversationId, boolean existing) {
}
