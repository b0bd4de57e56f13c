package dev.messenger.events.keys;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Someone fetched a user's pre-key bundle: the one-time pre-keys it handed out (one per device that
 * had any) are used up and never handed out again.
 */
@Revision("1")
public record PreKeyBundleClaimed(
        String userId,
        String claimedBy,
        List<ClaimedPreKey> claims,
        Instant claimedAt) {

    public PreKeyBundleClaimed {
        claims = List.copyOf(claims);
    }
}
