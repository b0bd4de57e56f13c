package dev.messenger.projections.support;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * Notices that Redis forgot writes it had acknowledged (a crash with {@code appendfsync everysec} loses up to about a
 * second; a replica promoted after a failover, or an emptied server, loses more). Each thread that writes the Redis
 * projections (their processor threads, and the gateway's timer) keeps a counter of its own in Redis and increments it
 * with every pipeline it sends. Redis applies and persists one connection's writes in order, so when a write is lost,
 * so is every later increment, and the thread's next increment answers a value it has already seen: the Redis
 * projections' tokens (kept in PostgreSQL) then point past data Redis no longer has, and the listeners (the gateway's
 * repair) rebuild them.
 *
 * <p>One Redis server (or a primary with replicas), as the local stack and the Kubernetes files run it; a Redis Cluster
 * would need a counter per shard.
 */
@Component
public class RedisLossProbe {

    /** Counters of threads that are gone expire; a live thread renews its own long before. */
    private static final Duration TTL = Duration.ofDays(7);
    private static final long RENEW_EVERY_MS = Duration.ofHours(1).toMillis();

    /** Told once per detected loss, on the thread that noticed it. */
    public interface Listener {
        void redisLostWrites();
    }

    /** One thread's counter: increments of one thread are answered in order, so "not above the last" means lost. */
    private static final class Counter {
        final String key = "redis-probe:" + UUID.randomUUID();
        long highest;
        long renewedAt;
    }

    private final RedissonClient redis;
    private final ThreadLocal<Counter> counters = ThreadLocal.withInitial(Counter::new);
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    public RedisLossProbe(RedissonClient redis) {
        this.redis = redis;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Queues this thread's increment in a pipeline; pass the answer to {@link #observed} once it has run. */
    public RFuture<Long> queue(RBatch pipeline) {
        Counter counter = counters.get();
        long now = System.currentTimeMillis();
        if (now - counter.renewedAt > RENEW_EVERY_MS) {
            counter.renewedAt = now;
            pipeline.getAtomicLong(counter.key).expireAsync(TTL);
        }
        return pipeline.getAtomicLong(counter.key).incrementAndGetAsync();
    }

    /** One increment on its own (the timer: Redis may lose writes while no projection writes). */
    public void probe() {
        RBatch pipeline = redis.createBatch();
        RFuture<Long> answer = queue(pipeline);
        pipeline.execute();
        observed(answer);
    }

    /** What a queued increment answered, once its pipeline has run (a failed pipeline tells nothing). */
    public void observed(RFuture<Long> answer) {
        java.util.concurrent.CompletableFuture<Long> done = answer.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            observed(done.join().longValue());
        }
    }

    /** At most the value this thread saw last: Redis lost the writes since (and later increments start from here). */
    void observed(long value) {
        Counter counter = counters.get();
        long seen = counter.highest;
        counter.highest = value;
        if (value <= seen) {
            counter.renewedAt = 0; // the key may have gone with the loss: give it its expiry again
            listeners.forEach(Listener::redisLostWrites);
        }
    }
}
