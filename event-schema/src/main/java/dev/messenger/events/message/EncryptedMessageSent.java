package dev.messenger.events.message;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.serialization.Revision;

/**
 * A message was accepted into an end-to-end encrypted conversation at position {@code seq}: one
 * ciphertext envelope per recipient device, keyed {@code "<userId>:<deviceId>"} (standard base64 of
 * bytes only those devices can decrypt). There is no body: the server never sees the plaintext. {@code quoted}
 * (optional, added within revision 1) holds the facts of the {@code replyTo} message; {@code mentions} (optional, added
 * within revision 1) whom it mentions: ids the sender's client gives in clear, as every messenger's server must know
 * them to notify.
 */
@Revision("1")
public record EncryptedMessageSent(
        String conversationId,
        String messageId,
        long seq,
        String senderId,
        Map<String, String> ciphertexts,
        String clientMessageId,
        String replyTo,
        Instant sentAt,
        QuotedMessage quoted,
        Mentions mentions) {

    public EncryptedMessageSent {
        ciphertexts = java.util.Collections.unmodifiableMap(new TreeMap<>(ciphertexts));
    }

    /** A message that mentions nobody. */
    public EncryptedMessageSent(String conversationId, String messageId, long seq, String senderId, Map<String, String> ciphertexts,
                                String clientMessageId, String replyTo, Instant sentAt, QuotedMessage quoted) {
        this(conversationId, messageId, seq, senderId, ciphertexts, clientMessageId, replyTo, sentAt, quoted, null);
    }

    /** A message that replies to nothing. */
    public EncryptedMessageSent(String conversationId, String messageId, long seq, String senderId, Map<String, String> ciphertexts,
                                String clientMessageId, String replyTo, Instant sentAt) {
        this(conversationId, messageId, seq, senderId, ciphertexts, clientMessageId, replyTo, sentAt, null, null);
    }

    /**
     * The envelopes one user may have: those of their own devices (keys {@code <userId>:<deviceId>}), the others being
     * of no use to them. Every reader of encrypted messages (history, the feed, its replays) hands out only these.
     */
    public static <V> Map<String, V> envelopesFor(Map<String, V> ciphertexts, String userId) {
        Map<String, V> own = new TreeMap<>();
        String prefix = userId + ":";
        ciphertexts.forEach((device, envelope) -> {
            if (device.startsWith(prefix)) {
                own.put(device, envelope);
            }
        });
        return own;
    }
}
