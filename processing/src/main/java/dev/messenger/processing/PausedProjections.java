package dev.messenger.processing;

import java.util.Set;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The projections an operator paused on every node: a set in Redis, read by each node as it starts and changed by the pause and resume commands. */
public final class PausedProjections {

    private static final String KEY = "admin:processors:paused";

    private PausedProjections() {
    }

    public static RSet<String> in(RedissonClient redis) {
        return redis.getSet(KEY, StringCodec.INSTANCE);
    }

    /** What a node starting reads; none when Redis cannot say (every processor then runs). */
    public static Set<String> atStart(RedissonClient redis) {
        try {
            return in(redis).readAll();
        } catch (RuntimeException e) {
            return Set.of();
        }
    }
}
