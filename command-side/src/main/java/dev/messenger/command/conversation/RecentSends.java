package dev.messenger.command.conversation;

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

    RecentSend find(String senderId, String clientMessageId) {
        return sends.get(key(senderId, clientMessageId));
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
