package dev.messenger.events.message;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * How the log stores a message's body ({@link MessageSent#body()}, {@link MessageEdited#body()}): sealed under the
 * message's own key, which is kept outside the log and destroyed when the message (or its sender's account) is deleted
 * (crypto-shredding). {@code sealed:v1:} then the standard base64 of Tink's AES-256-GCM output (12-byte nonce,
 * ciphertext, 16-byte tag) with the message id as associated data, so a sealed body copied into another message's event
 * does not open. A body not starting with the prefix was stored before bodies were sealed.
 *
 * <p>A message's file reference ({@link MediaRef#mediaId()}) is sealed the same way under the same key, with
 * {@code <messageId>/media} as associated data, so neither a body nor a file id opens in the other's place.
 */
public final class SealedBody {

    public static final String PREFIX = "sealed:v1:";
    public static final int KEY_BYTES = 32;

    private SealedBody() {
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public static String seal(String body, String messageId, byte[] key) {
        try {
            byte[] sealed = new AesGcmJce(key).encrypt(body.getBytes(StandardCharsets.UTF_8), messageId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a message body", e);
        }
    }

    /** A message's file id, sealed under the message's key (forgotten with its body). */
    public static String sealFileId(String mediaId, String messageId, byte[] key) {
        return seal(mediaId, fileAssociatedData(messageId), key);
    }

    /** A file id sealed by {@link #sealFileId}; throws as {@link #open} does. */
    public static String openFileId(String sealed, String messageId, byte[] key) {
        return open(sealed, fileAssociatedData(messageId), key);
    }

    private static String fileAssociatedData(String messageId) {
        return messageId + "/media";
    }

    /**
     * The body, opened with the message's key. Throws when it does not open with it: altered, or moved from another
     * message's event (never silently a wrong or empty body).
     */
    public static String open(String sealed, String messageId, byte[] key) {
        try {
            byte[] ciphertext = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            return new String(new AesGcmJce(key).decrypt(ciphertext, messageId.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed message body does not open with its message's key", e);
        }
    }
}
