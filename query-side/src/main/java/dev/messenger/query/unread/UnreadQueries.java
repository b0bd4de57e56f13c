package dev.messenger.query.unread;

import dev.messenger.projections.unread.UnreadKeys;
import java.util.HashMap;
import java.util.Map;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A user's unread counts per conversation. */
@Component
public class UnreadQueries {

    private final RedissonReactiveClient redis;

    public UnreadQueries(RedissonReactiveClient redis) {
        this.redis = redis;
    }

    public Mono<Map<String, Long>> findUnreadCounts(String userId) {
        return redis.<String, String>getMap(UnreadKeys.counts(userId), StringCodec.INSTANCE).readAllMap()
                .map(raw -> {
                    Map<String, Long> counts = new HashMap<>();
                    raw.forEach((conversationId, count) -> counts.put(conversationId, Long.parseLong(count)));
                    return counts;
                });
    }
}
