package dev.messenger.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;

/** The probe on a real Redis: silent while Redis keeps what it acknowledged, told as soon as it has not. */
class RedisLossProbeIT {

    private RedissonClient redis;
    private RedisLossProbe probe;
    private final AtomicInteger losses = new AtomicInteger();

    @BeforeEach
    void setUp() {
        redis = Engines.redis();
        probe = new RedisLossProbe(redis);
        probe.addListener(losses::incrementAndGet);
    }

    @Test
    void aRedisThatKeepsEverythingIsNeverReportedAsLossy() {
        for (int i = 0; i < 20; i++) {
            probe.probe();
            RBatch pipeline = redis.createBatch();
            RFuture<Long> answer = probe.queue(pipeline);
            pipeline.getBucket("probe-test:" + i).setAsync("x");
            pipeline.execute();
            probe.observed(answer);
        }
        assertThat(losses).hasValue(0);
    }

    @Test
    void writesForgottenSinceTheLastIncrementAreReportedOnce() {
        for (int i = 0; i < 5; i++) {
            probe.probe();
        }
        // what a crash that lost the last second does to this thread's counter: its latest increments are gone
        redis.getKeys().getKeysStreamByPattern("redis-probe:*").forEach(key -> redis.getAtomicLong(key).set(2));
        probe.probe();
        assertThat(losses).as("the increment answers a value already seen").hasValue(1);
        probe.probe();
        probe.probe();
        assertThat(losses).as("later increments go on from there: the loss is reported once").hasValue(1);
    }

    @Test
    void aCounterThatIsGoneIsALoss() {
        probe.probe();
        redis.getKeys().deleteByPattern("redis-probe:*");
        probe.probe();
        assertThat(losses).hasValue(1);
    }

    @Test
    void aPipelineThatFailedTellsNothing() {
        probe.probe();
        RBatch pipeline = redis.createBatch();
        RFuture<Long> answer = probe.queue(pipeline);
        pipeline.discard();
        probe.observed(answer);
        assertThat(losses).hasValue(0);
    }
}
