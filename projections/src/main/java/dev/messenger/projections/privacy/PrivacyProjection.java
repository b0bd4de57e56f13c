package dev.messenger.projections.privacy;

import dev.messenger.events.privacy.PrivacySettingsChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Each user's privacy settings in Redis ({@code privacy:{userId}} = {@code readReceipts|lastSeen|presence|groupAdds}),
 * read on every path that shows receipts, presence or last seen. Absent means the defaults, but only while
 * {@link PrivacyKeys#COMPLETE} exists: a Redis that lost data, or a projection being rebuilt, cannot tell "never changed" from
 * "lost", so readers then take the most private choice ({@code dev.messenger.query.privacy.PrivacyQueries}).
 * {@code COMPLETE} is removed when a rebuild begins and set again once the replay is over (by the gateway, which
 * sees the processor's tokens).
 */
@Component
@ProcessingGroup(PrivacyProjection.GROUP)
public class PrivacyProjection {

    public static final String GROUP = "privacy";

    private final RedissonClient redis;

    public PrivacyProjection(RedissonClient redis) {
        this.redis = redis;
    }

    @EventHandler
    void on(PrivacySettingsChanged event) {
        redis.getBucket(PrivacyKeys.key(event.userId()), StringCodec.INSTANCE)
                .set((event.readReceipts() ? "1" : "0") + "|" + event.lastSeen() + "|" + event.presence() + "|" + event.groupAddsOrDefault());
    }

    @ResetHandler
    void reset() {
        // removed before the deletion, so readers turn private at once, and after it, so that a completeness check
        // that ran meanwhile (the tokens are replaced only after this handler) cannot leave it set
        redis.getBucket(PrivacyKeys.COMPLETE).delete();
        redis.getKeys().deleteByPattern("privacy:*");
        redis.getBucket(PrivacyKeys.COMPLETE).delete();
    }
}
