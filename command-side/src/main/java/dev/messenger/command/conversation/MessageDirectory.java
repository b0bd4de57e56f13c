package dev.messenger.command.conversation;

import java.util.Optional;

/**
 * A port: the immutable facts of an existing message (its seq and sender), which the aggregate does not keep per message
 * so that its state stays small however long the conversation gets. The history read model answers.
 */
@FunctionalInterface
public interface MessageDirectory {

    Optional<MessageFacts> findMessage(String conversationId, String messageId);
}
