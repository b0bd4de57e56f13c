package dev.messenger.events.keys;

/** A device's single-use X25519 pre-key (standard base64), handed out with at most one bundle. */
public record OneTimePreKey(int keyId, String publicKey) {
}
