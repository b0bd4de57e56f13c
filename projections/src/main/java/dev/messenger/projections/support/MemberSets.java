package dev.messenger.projections.support;

import java.util.Collection;
import java.util.Set;
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

    public void add(String conversationId, Collection<String> userIds) {
        set(conversationId).addAll(userIds);
    }

    public void remove(String conversationId, String userId) {
        set(conversationId).remove(userId);
    }

    public Set<String> of(String conversationId) {
        return set(conversationId).readAll();
    }

    public void deleteAll() {
        redis.getKeys().deleteByPattern(prefix + ":*");
    }

    private RSet<String> set(String conversationId) {
        return redis.getSet(prefix + ":{" + conversationId + "}", StringCodec.INSTANCE);
    }
}
