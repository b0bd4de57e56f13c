package dev.messenger.query.conversation;

import java.time.Instant;
import java.util.List;

/**
 * A conversation with who is in it and in which role: {@code members} in the order they joined, each with
 * {@code role} ({@code owner}, {@code admin} or {@code member}; everyone is a member of a direct chat) and
 * {@code joinedAt} (null in a conversation stored before members had one, until the inbox is rebuilt); a group's
 * {@code description} and {@code pictureMediaId} (null when it has none).
 */
public record ConversationDetails(ConversationSummary summary, String description, String pictureMediaId, List<Member> members) {

    public record Member(String userId, String role, Instant joinedAt) {
    }
}
