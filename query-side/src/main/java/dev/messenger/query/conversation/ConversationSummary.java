package dev.messenger.query.conversation;

import java.time.Instant;
import java.util.List;

/** A conversation as the inbox shows it; {@code requestFor} the participant it is still a message request for (or null). */
public record ConversationSummary(String conversationId, String type, String title, List<String> participants,
                                  LastMessage lastMessage, long lastSeq, Instant createdAt, Instant updatedAt,
                                  java.util.Map<String, Receipt> receipts, boolean e2ee, String requestFor) {

    /** The newest message; {@code preview} is null once it was deleted, and for an encrypted one (which the server cannot read). */
    public record LastMessage(String messageId, long seq, String senderId, String preview, Instant sentAt, boolean deleted,
                              boolean encrypted) {
    }

    /** A participant's watermarks: delivered and read up to these seqs. */
    public record Receipt(long deliveredUpTo, long readUpTo) {
    }

    /** Whether it is a message request still (for {@code requestFor}, who has not accepted it). */
    public boolean isRequest() {
        return requestFor != null;
    }

    public boolean hasParticipant(String userId) {
        return participants.contains(userId);
    }
}
