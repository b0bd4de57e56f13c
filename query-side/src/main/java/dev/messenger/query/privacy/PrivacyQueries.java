package dev.messenger.query.privacy;

import dev.messenger.events.privacy.Visibility;
import dev.messenger.projections.privacy.PrivacyKeys;
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
    /** What a user without stored settings gets while the projection is incomplete (Redis lost data, or a rebuild). */
    public static final Settings MOST_PRIVATE = new Settings(false, Visibility.NOBODY, Visibility.NOBODY, Visibility.NOBODY);

    private final RedissonReactiveClient redis;

    public PrivacyQueries(RedissonReactiveClient redis) {
        this.redis = redis;
    }

    /** {@code groupAdds}: who may add the user to a group without an invitation. */
    public record Settings(boolean readReceipts, Visibility lastSeen, Visibility presence, Visibility groupAdds) {

        /** Settings that let everyone add the user to groups. */
        public Settings(boolean readReceipts, Visibility lastSeen, Visibility presence) {
            this(readReceipts, lastSeen, presence, Visibility.EVERYONE);
        }
    }

    /** Every given user's settings (the defaults for those who never changed them), in one round trip. */
    public Mono<Map<String, Settings>> findSettings(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] keys = java.util.stream.Stream.concat(userIds.stream().map(PrivacyKeys::key),
                java.util.stream.Stream.of(PrivacyKeys.COMPLETE)).toArray(String[]::new);
        return redis.getBuckets(StringCodec.INSTANCE).<String>get(keys).map(stored -> {
            boolean complete = stored.containsKey(PrivacyKeys.COMPLETE);
            Map<String, Settings> settings = new HashMap<>();
            for (String userId : userIds) {
                settings.put(userId, parse(stored.get(PrivacyKeys.key(userId)), complete));
            }
            return settings;
        });
    }

    public Mono<Settings> findSettings(String userId) {
        return findSettings(java.util.List.of(userId)).map(all -> all.get(userId));
    }

    /**
     * The stored form ({@code readReceipts|lastSeen|presence|groupAdds}, the last absent when stored before it existed) as settings; null means the defaults when the projection
     * is complete, and the most private choice when it is not (the user's settings may be among what was lost).
     */
    public static Settings parse(String value, boolean complete) {
        if (value == null) {
            return complete ? DEFAULTS : MOST_PRIVATE;
        }
        String[] parts = value.split("\\|");
        return new Settings("1".equals(parts[0]), Visibility.valueOf(parts[1]), Visibility.valueOf(parts[2]),
                parts.length > 3 ? Visibility.valueOf(parts[3]) : Visibility.EVERYONE);
    }
}
