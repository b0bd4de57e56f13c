package dev.messenger.events.keys;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A user removed one of their devices from their key directory (a lost phone, a browser signed out for good): its
 * public keys, one-time pre-keys included, are no longer handed out, so nobody starts a session with it or addresses
 * new envelopes to it.
 */
@Revision("1")
public record DeviceKeysRemoved(
        String userId,
        String deviceId,
        Instant removedAt) {
}
