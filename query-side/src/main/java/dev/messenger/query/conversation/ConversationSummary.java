package dev.messenger.query.conversation;

import java.time.Instant;
import java.util.List;

/** A conversation as the inbox shows it. */
public record ConversationSummary(String conversationId, String type, String title, List<String> participants,
                                  LastMessage lastMessage, long lastSeq, Instant createdAt, Instant updatedAt) {

    public record LastMessage(String messageId, long seq, String senderId, String preview, Instant sentAt) {
    }

    public boolean hasParticipant(String userId) {
        return participants.contains(userId);
    }
}
