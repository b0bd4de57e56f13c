package dev.messenger.events.report;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A member reported a message of a conversation ({@code messageId}), or the conversation itself (null), to the
 * operators. {@code reportedUserId} is the message's sender, or the other side of a direct conversation (null for a
 * group reported as a whole). {@code evidence} is the message's text as it was when reported, kept for the moderators
 * even if its sender deletes it (null for an encrypted message, a file without a caption, or no message).
 */
@Revision("1")
public record ConversationReported(String conversationId, String reportId, String reporterId, String messageId, String reportedUserId,
                                   String reason, String evidence, Instant reportedAt) {
}
