package dev.messenger.events.keys;

/** A device's medium-term X25519 pre-key, signed by its Ed25519 identity key (keys and signature in standard base64). */
public record SignedPreKey(int keyId, String publicKey, String signature) {
}
