package dev.messenger.command.keys;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove one of the caller's devices from their key directory. */
public record RemoveDeviceKeys(
        @TargetAggregateIdentifier String directoryId,
        String userId,
        String deviceId,
        Instant requestedAt) {

    public RemoveDeviceKeys(String userId, String deviceId, Instant requestedAt) {
        this(KeyDirectory.idOf(userId), userId, deviceId, requestedAt);
    }
}
