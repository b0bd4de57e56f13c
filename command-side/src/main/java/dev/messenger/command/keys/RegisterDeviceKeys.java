package dev.messenger.command.keys;

import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.SignedPreKey;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Publish (or replace) the public keys of one of the caller's devices. */
public record RegisterDeviceKeys(
        @TargetAggregateIdentifier String directoryId,
        String userId,
        String deviceId,
        String identityKey,
        String identityDhKey,
        SignedPreKey signedPreKey,
        List<OneTimePreKey> oneTimePreKeys,
        Instant requestedAt) {

    public RegisterDeviceKeys(String userId, String deviceId, String identityKey, String identityDhKey, SignedPreKey signedPreKey,
                              List<OneTimePreKey> oneTimePreKeys, Instant requestedAt) {
        this(KeyDirectory.idOf(userId), userId, deviceId, identityKey, identityDhKey, signedPreKey, oneTimePreKeys, requestedAt);
    }
}
