package dev.messenger.command.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a retry must repeat, as 128 bits of SHA-256 over its parts. Each part is written with its length (or as
 * null), so that ("ab", "c") and ("a", "bc") differ; maps and collections in sorted order. A collision is not a
 * thing to reason about (a 32-bit hash had them between "Aa" and "BB"), so the same fingerprint is the same request.
 */
final class RetryFingerprint {

    private RetryFingerprint() {
    }

    static String of(Object... parts) {
        MessageDigest digest = sha256();
        for (Object part : parts) {
            write(digest, part);
        }
        byte[] hash = digest.digest();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
    }

    private static void write(MessageDigest digest, Object part) {
        if (part == null) {
            digest.update((byte) 0);
        } else if (part instanceof Map<?, ?> map) {
            digest.update((byte) 'm');
            lengthOf(digest, map.size());
            new TreeMap<>(map).forEach((key, value) -> {
                write(digest, key);
                write(digest, value);
            });
        } else if (part instanceof Collection<?> items) {
            digest.update((byte) 'c');
            lengthOf(digest, items.size());
            new TreeSet<>(items).forEach(item -> write(digest, item));
        } else {
            byte[] text = part.toString().getBytes(StandardCharsets.UTF_8);
            digest.update((byte) 's');
            lengthOf(digest, text.length);
            digest.update(text);
        }
    }

    private static void lengthOf(MessageDigest digest, int length) {
        digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
