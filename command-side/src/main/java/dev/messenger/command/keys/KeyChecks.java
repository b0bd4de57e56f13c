package dev.messenger.command.keys;

import dev.messenger.command.RuleViolation;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks of uploaded public keys with the JDK's own Ed25519: 32-byte keys and 64-byte signatures in
 * standard base64, and a signed pre-key whose signature by the identity key verifies.
 */
final class KeyChecks {

    /** DER header of an X.509 SubjectPublicKeyInfo for an Ed25519 key (OID 1.3.101.112) before its 32 raw bytes. */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private KeyChecks() {
    }

    /** The raw bytes of a standard-base64 value of exactly {@code length} bytes; a 400 otherwise. */
    static byte[] decode(String what, String base64, int length) {
        if (base64 == null) {
            throw invalid(what + " is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(what + " is not standard base64");
        }
        if (bytes.length != length || !Base64.getEncoder().encodeToString(bytes).equals(base64)) {
            throw invalid(what + " must be " + length + " bytes in standard base64 with padding");
        }
        return bytes;
    }

    /** Whether {@code signature} is the identity key's Ed25519 signature over {@code message}. */
    static boolean verifies(byte[] identityKey, byte[] message, byte[] signature) {
        try {
            byte[] encoded = new byte[ED25519_PREFIX.length + identityKey.length];
            System.arraycopy(ED25519_PREFIX, 0, encoded, 0, ED25519_PREFIX.length);
            System.arraycopy(identityKey, 0, encoded, ED25519_PREFIX.length, identityKey.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // not a point on the curve, or not a signature at all
        }
    }

    static RuleViolation invalid(String message) {
        return new RuleViolation(RuleViolation.Kind.INVALID, message);
    }
}
