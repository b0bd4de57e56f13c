package dev.messenger.query.privacy;

import dev.messenger.events.privacy.Visibility;
import dev.messenger.projections.privacy.PrivacyProjection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
public class PrivacyQueries {

    public static final Settings DEFAULTS = new Settings(true, Visibility.EVERYONE, Visibility.EVERYONE);

    private final RedissonReactiveClient redis;

    public PrivacyQueries(RedissonReactiveClient redis) {
        this.redis = redis;
    }

    public record Settings(boolean readReceipts, Visibility lastSeen, Visibility presence) {
    }

    /** Every given user's settings (the defaults for those who never changed them), in one round trip. */
    public Mono<Map<String, Settings>> findSettings(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] keys = userIds.stream().map(PrivacyProjection::key).toArray(String[]::new);
        return redis.getBuckets(StringCodec.INSTANCE).<String>get(keys).map(stored -> {
            Map<String, Settings> settings = new HashMap<>();
            for (String userId : userIds) {
                String value = stored.get(PrivacyProjection.key(userId));
                settings.put(userId, parse(value));
            }
            return settings;
        });
    }

    public Mono<Settings> findSettings(String userId) {
        return findSettings(java.util.List.of(userId)).map(all -> all.get(userId));
    }

    /** The stored form ({@code readReceipts|lastSeen|presence}, or null for the defaults) as settings. */
    public static Settings parse(String value) {
        if (value == null) {
            return DEFAULTS;
        }
        String[] parts = value.split("\\|");
        return new Settings("1".equals(parts[0]), Visibility.valueOf(parts[1]), Visibility.valueOf(parts[2]));
    }
}
