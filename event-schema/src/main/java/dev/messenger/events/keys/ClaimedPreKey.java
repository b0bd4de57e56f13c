package dev.messenger.events.keys;

/** Which one-time pre-key of a device went out with a bundle; null when the device had none left. */
public record ClaimedPreKey(String deviceId, Integer oneTimePreKeyId) {
}
