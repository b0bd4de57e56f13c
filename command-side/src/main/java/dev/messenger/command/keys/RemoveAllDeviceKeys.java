package dev.messenger.command.keys;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove every device of a user from their key directory: their account was deleted. */
public record RemoveAllDeviceKeys(@TargetAggregateIdentifier String directoryId, String userId, Instant requestedAt) {

    public RemoveAllDeviceKeys(String userId, Instant requestedAt) {
        this(KeyDirectory.idOf(userId), userId, requestedAt);
    }
}
