package dev.messenger.command.keys;

import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.SignedPreKey;
import java.util.List;

/** What a fetch of a user's keys returns: per device its public keys and a one-time pre-key, or null when none is left. */
public record PreKeyBundle(List<DeviceBundle> devices) {

    public record DeviceBundle(String deviceId, String identityKey, String identityDhKey, SignedPreKey signedPreKey,
                               OneTimePreKey oneTimePreKey) {
    }
}
