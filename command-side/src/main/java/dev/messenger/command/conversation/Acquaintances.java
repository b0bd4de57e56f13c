package dev.messenger.command.conversation;

/**
 * Whether two users already know each other here: they share a conversation (a group). A direct chat between users
 * who do not is a message request for the one who did not start it. Answered from the inbox read model.
 */
@FunctionalInterface
public interface Acquaintances {

    boolean shareAConversation(String userA, String userB);
}
