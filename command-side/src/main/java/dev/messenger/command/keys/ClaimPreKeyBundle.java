package dev.messenger.command.keys;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fetch a user's pre-key bundle for starting encrypted sessions with each of their devices. */
public record ClaimPreKeyBundle(@TargetAggregateIdentifier String directoryId, String userId, String claimedBy, Instant requestedAt) {

    public ClaimPreKeyBundle(String userId, String claimedBy, Instant requestedAt) {
        this(KeyDirectory.idOf(userId), userId, claimedBy, requestedAt);
    }
}
