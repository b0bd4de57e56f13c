package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * The conversation's last {@link ConversationLimits#RETRY_WINDOW} sends that carried a client message id, to answer a
 * retry with the original result (and refuse the same id for a different message).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class RecentSends {

    /** A recent send, kept to answer a retry with the original result. */
    record RecentSend(String messageId, long seq, Instant sentAt, String fingerprint) {
    }

    private LinkedHashMap<String, RecentSend> sends = new LinkedHashMap<>();

    /**
     * The original result when {@code command} retries a recent send (same sender and client message id), or null
     * when it is new; the same id for a different message ({@code fingerprint} differs) is refused.
     */
    SentMessage answerRetry(String conversationId, SendMessage command, String fingerprint) {
        if (command.clientMessageId() == null) {
            return null;
        }
        RecentSend earlier = sends.get(key(command.senderId(), command.clientMessageId()));
        if (earlier == null) {
            return null;
        }
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw new RuleViolation(RuleViolation.Kind.RETRY_KEY_REUSED, "this clientMessageId was already used for a different message");
        }
        return new SentMessage(conversationId, earlier.messageId(), earlier.seq(), earlier.sentAt(), true);
    }

    void record(String senderId, String clientMessageId, RecentSend send) {
        sends.put(key(senderId, clientMessageId), send);
        if (sends.size() > ConversationLimits.RETRY_WINDOW) {
            sends.remove(sends.keySet().iterator().next());
        }
    }

    private static String key(String senderId, String clientMessageId) {
        return senderId + '\u0000' + clientMessageId;
    }
}
