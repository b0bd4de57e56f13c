package dev.messenger.events.keys;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A user's device published its public keys: an Ed25519 identity key, an X25519 identity key for key
 * agreement, a signed pre-key and a batch of one-time pre-keys. Registering a device again replaces
 * all of its keys (a reinstalled app has new ones). Public keys only: the server never holds a private key.
 */
@Revision("1")
public record DeviceKeysRegistered(
        String userId,
        String deviceId,
        String identityKey,
        String identityDhKey,
        SignedPreKey signedPreKey,
        List<OneTimePreKey> oneTimePreKeys,
        Instant registeredAt) {

    public DeviceKeysRegistered {
        oneTimePreKeys = List.copyOf(oneTimePreKeys);
    }
}
