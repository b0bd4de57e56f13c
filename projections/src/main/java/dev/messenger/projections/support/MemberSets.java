package dev.messenger.projections.support;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A projection's own copy of conversation members in Redis ({@code <prefix>:{conversationId}}), so that
 * it never reads another projection's store and is rebuilt with it.
 */
public final class MemberSets {

    private final RedissonClient redis;
    private final String prefix;

    public MemberSets(RedissonClient redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** Queues the addition in a pipeline. */
    public void add(RBatch batch, String conversationId, Collection<String> userIds) {
        batch.<String>getSet(key(conversationId), StringCodec.INSTANCE).addAllAsync(userIds);
    }

    /** Queues the removal in a pipeline. */
    public void remove(RBatch batch, String conversationId, String userId) {
        batch.<String>getSet(key(conversationId), StringCodec.INSTANCE).removeAsync(userId);
    }

    public Set<String> of(String conversationId) {
        return set(conversationId).readAll();
    }

    /** The members of several conversations in one round trip (an empty set for an unknown one). */
    public Map<String, Set<String>> of(Collection<String> conversationIds) {
        RBatch batch = redis.createBatch();
        Map<String, RFuture<Set<String>>> reads = new LinkedHashMap<>();
        for (String conversationId : conversationIds) {
            reads.put(conversationId, batch.<String>getSet(key(conversationId), StringCodec.INSTANCE).readAllAsync());
        }
        batch.execute();
        Map<String, Set<String>> members = new LinkedHashMap<>();
        reads.forEach((conversationId, read) -> members.put(conversationId, read.toCompletableFuture().join()));
        return members;
    }

    public void deleteAll() {
        redis.getKeys().deleteByPattern(prefix + ":*");
    }

    private RSet<String> set(String conversationId) {
        return redis.getSet(key(conversationId), StringCodec.INSTANCE);
    }

    private String key(String conversationId) {
        return prefix + ":{" + conversationId + "}";
    }
}
