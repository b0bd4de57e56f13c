package dev.messenger.processing;

import dev.messenger.processing.admin.ProcessorTokens;
import dev.messenger.processing.admin.ProjectionAdmin;
import dev.messenger.projections.feed.FeedEpoch;
import dev.messenger.projections.feed.FeedProjection;
import dev.messenger.projections.privacy.PrivacyKeys;
import dev.messenger.projections.privacy.PrivacyProjection;
import dev.messenger.projections.support.RedisLossProbe;
import dev.messenger.projections.unread.UnreadProjection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Repairs the Redis projections (feed, unread, privacy) after Redis lost data they had written. Their tokens are in
 * PostgreSQL, so after such a loss they would go on from where they were, over a store that no longer has what they
 * wrote: feed positions would be handed out twice, and missing privacy settings read as "everyone". A loss shows as
 * {@link RedisLossProbe} counters answering values already seen, or, for a Redis that lost everything (also while
 * no gateway ran), as a missing feed epoch. The repair rebuilds the three projections (one node does it, under a
 * Redis lock); the feed's rebuild starts a new epoch, so every client gets a {@code feed.reset}. Meanwhile, and
 * until the privacy replay is over, missing privacy settings read as the most private choice.
 */
@Component
public class RedisLossRepair implements SmartInitializingSingleton, SmartLifecycle, RedisLossProbe.Listener {

    static final List<String> REDIS_PROJECTIONS = List.of(FeedProjection.GROUP, UnreadProjection.GROUP, PrivacyProjection.GROUP);
    private static final Logger log = LoggerFactory.getLogger(RedisLossRepair.class);
    private static final long TICK_MS = 500;
    /** Privacy is complete once its tokens are out of replay for this long (a reset replaces them a moment after it clears). */
    private static final long SETTLED_MS = 1000;

    private final RedissonClient redis;
    private final RedisLossProbe probe;
    private final FeedEpoch epoch;
    private final ProjectionAdmin projections;
    private final ProcessorTokens tokens;
    private final AtomicBoolean repairing = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "redis-loss-repair");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile boolean lostAtStart;
    private long privacySettledSince = -1;

    public RedisLossRepair(RedissonClient redis, RedisLossProbe probe, FeedEpoch epoch, ProjectionAdmin projections,
                           ProcessorTokens tokens) {
        this.redis = redis;
        this.probe = probe;
        this.epoch = epoch;
        this.projections = projections;
        this.tokens = tokens;
    }

    /** Before the processors start: a Redis without the feed epoch either is new, or lost everything. */
    @Override
    public void afterSingletonsInstantiated() {
        probe.addListener(this);
        try {
            checkEpoch();
            // before any processor runs, no replay can be about to begin on this node: settled if not replaying now
            if (!lostAtStart && !tokens.position(PrivacyProjection.GROUP).replaying()) {
                redis.getBucket(PrivacyKeys.COMPLETE, org.redisson.client.codec.StringCodec.INSTANCE).setIfAbsent("1");
            }
        } catch (RuntimeException e) {
            log.warn("Redis or PostgreSQL unreachable at start: the feed epoch is checked again in a moment");
        }
    }

    @Override
    public void start() {
        running = true;
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        if (lostAtStart) {
            redisLostWrites();
        }
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200; // after Axon's processors have started, before the web server takes requests
    }

    @Override
    public void redisLostWrites() {
        if (repairing.compareAndSet(false, true)) {
            redis.getBucket(PrivacyKeys.COMPLETE, org.redisson.client.codec.StringCodec.INSTANCE).deleteAsync(); // private at once, not after the rebuild's stop
            timer.execute(this::repair);
        }
    }

    private void tick() {
        try {
            probe.probe();
            if (!repairing.get()) {
                checkEpoch();
                markPrivacyComplete();
            }
        } catch (RuntimeException e) {
            // Redis or PostgreSQL down: nothing to compare now; a loss shows at the first tick after they are back
        }
    }

    private void checkEpoch() {
        if (epoch.isInRedis()) {
            return;
        }
        boolean written = REDIS_PROJECTIONS.stream().anyMatch(group -> tokens.position(group).position() > 0);
        if (written) {
            log.warn("Redis has no feed epoch while the Redis projections have tokens: it lost its data");
            if (running) {
                redisLostWrites();
            } else {
                lostAtStart = true;
            }
        } else {
            epoch.copyToRedis(); // a new installation
        }
    }

    /**
     * Privacy settings read as complete again once the privacy tokens have been out of replay on two ticks a second
     * apart: its reset handler clears the marker twice, and its replay tokens are stored a moment after the second.
     */
    private void markPrivacyComplete() {
        if (redis.getBucket(PrivacyKeys.COMPLETE, org.redisson.client.codec.StringCodec.INSTANCE).isExists()) {
            privacySettledSince = -1;
            return;
        }
        ProcessorTokens.Position privacy = tokens.position(PrivacyProjection.GROUP);
        long now = System.currentTimeMillis();
        if (privacy.segments() == 0 || privacy.replaying()) {
            privacySettledSince = -1;
            return;
        }
        if (privacySettledSince < 0) {
            privacySettledSince = now;
        } else if (now - privacySettledSince >= SETTLED_MS) {
            redis.getBucket(PrivacyKeys.COMPLETE, org.redisson.client.codec.StringCodec.INSTANCE).setIfAbsent("1");
        }
    }

    private void repair() {
        RLock lock = redis.getLock("redis-loss-repair");
        try {
            if (lock.tryLock(0, Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    log.warn("Redis lost writes it had acknowledged: rebuilding {} (clients get feed.reset)", REDIS_PROJECTIONS);
                    REDIS_PROJECTIONS.forEach(projections::rebuild);
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Repairing the Redis projections failed; rebuild them with ops/messenger rebuild: {}", e.toString());
        } finally {
            privacySettledSince = -1;
            repairing.set(false);
        }
    }
}
