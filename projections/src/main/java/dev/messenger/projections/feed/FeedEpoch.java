package dev.messenger.projections.feed;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The feed's epoch ({@link FeedKeys#EPOCH}): counted in PostgreSQL ({@code feed_epoch}), which keeps it when Redis
 * loses data, and copied to Redis, where readers look it up. Each rebuild of the feed starts the next one.
 */
@Component
public class FeedEpoch {

    private final JdbcTemplate jdbc;
    private final RedissonClient redis;

    public FeedEpoch(JdbcTemplate jdbc, RedissonClient redis) {
        this.jdbc = jdbc;
        this.redis = redis;
    }

    /** Starts the next epoch, durably first, and announces it to open streams. */
    public long advance() {
        Long next = jdbc.queryForObject("UPDATE feed_epoch SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch", Long.class);
        redis.getAtomicLong(FeedKeys.EPOCH).set(next);
        redis.getTopic(FeedKeys.EPOCH_CHANNEL, StringCodec.INSTANCE).publish(String.valueOf(next));
        return next;
    }

    /** The durable epoch. */
    public long current() {
        return jdbc.queryForObject("SELECT epoch FROM feed_epoch WHERE id = 1", Long.class);
    }

    /** Whether Redis holds the epoch (a Redis that lost everything does not: its feeds are gone too). */
    public boolean isInRedis() {
        return redis.getAtomicLong(FeedKeys.EPOCH).isExists();
    }

    /** Copies the durable epoch to Redis (a new installation, whose feed has never been written). */
    public void copyToRedis() {
        redis.getAtomicLong(FeedKeys.EPOCH).set(current());
    }
}
