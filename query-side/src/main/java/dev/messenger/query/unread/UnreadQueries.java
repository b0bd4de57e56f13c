package dev.messenger.query.unread;

import dev.messenger.projections.unread.UnreadKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatchReactive;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A user's unread counts, for a whole inbox page in one pipelined round trip. */
@Component
public class UnreadQueries {

    private final RedissonReactiveClient redis;

    public UnreadQueries(RedissonReactiveClient redis) {
        this.redis = redis;
    }

    public Mono<Map<String, Long>> findUnreadCounts(String userId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<String> ids = List.copyOf(conversationIds);
        RBatchReactive batch = redis.createBatch();
        for (String conversationId : ids) {
            batch.getScript(StringCodec.INSTANCE).eval(UnreadKeys.read(conversationId), RScript.Mode.READ_ONLY,
                    UnreadKeys.COUNT_SCRIPT, RScript.ReturnType.INTEGER,
                    List.of(UnreadKeys.read(conversationId), UnreadKeys.live(conversationId), UnreadKeys.sentBy(conversationId, userId)),
                    userId);
        }
        return batch.execute().map((BatchResult<?> result) -> {
            Map<String, Long> counts = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                counts.put(ids.get(i), Math.max(0, ((Number) result.getResponses().get(i)).longValue()));
            }
            return counts;
        });
    }
}
