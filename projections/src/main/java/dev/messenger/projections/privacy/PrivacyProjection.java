package dev.messenger.projections.privacy;

import dev.messenger.events.privacy.PrivacySettingsChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Each user's privacy settings in Redis ({@code privacy:{userId}} = {@code readReceipts|lastSeen|presence}),
 * read on every path that shows receipts, presence or last seen. Absent means the defaults.
 */
@Component
@ProcessingGroup(PrivacyProjection.GROUP)
public class PrivacyProjection {

    public static final String GROUP = "privacy";

    private final RedissonClient redis;

    public PrivacyProjection(RedissonClient redis) {
        this.redis = redis;
    }

    public static String key(String userId) {
        return "privacy:{" + userId + "}";
    }

    @EventHandler
    void on(PrivacySettingsChanged event) {
        redis.getBucket(key(event.userId()), StringCodec.INSTANCE)
                .set((event.readReceipts() ? "1" : "0") + "|" + event.lastSeen() + "|" + event.presence());
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("privacy:*");
    }
}
