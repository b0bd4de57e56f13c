package dev.messenger.command.conversation;

import dev.messenger.events.conversation.ConversationType;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@link StartConversation}; {@code existing} when it had already been started (a direct pair, a retry);
 * {@code requestFor} the participant for whom it is still a message request (or null); {@code invitations} the people
 * invited rather than added (user id → invitation id) whose answer is still awaited.
 */
public record StartedConversation(String conversationId, ConversationType type, String title, List<String> participants,
                                  Instant startedAt, boolean existing, boolean e2ee, String requestFor,
                                  java.util.Map<String, String> invitations) {
}
