package dev.messenger.processing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Shares each projection's segments fairly among the gateway nodes. A tracking processor has a thread per
 * segment on every node, so the first node to start claims them all, and a node that joins later would sit idle;
 * Axon Server balances that, this setup has none. So every node says it is alive in a Redis sorted set
 * (score: when it last said so), counts the live nodes, and releases (Axon's {@code releaseSegment}) what it
 * holds above its fair share for a while, for a node with free threads to claim. A node that dies stops saying
 * it is alive; its claims time out in the token store and the others' free threads take its segments over.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "messenger.processors.balancing", havingValue = "true",
        matchIfMissing = true)
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    static final String NODES = "gateway:nodes";

    /** The token stores' owner name for this node. */
    private final String node;
    private final EventProcessingConfiguration processing;
    private final RedissonClient redis;
    private final Duration nodeTimeout;
    private final Duration releaseFor;

    public SegmentBalancer(EventProcessingConfiguration processing, RedissonClient redis,
                           @Value("${messenger.processors.node-timeout:15s}") Duration nodeTimeout,
                           @Value("${messenger.processors.release-for:10s}") Duration releaseFor, GatewayNode node) {
        this.node = node.name();
        this.processing = processing;
        this.redis = redis;
        this.nodeTimeout = nodeTimeout;
        this.releaseFor = releaseFor;
    }

    @Scheduled(fixedDelayString = "${messenger.processors.balance-interval:5s}")
    void balance() {
        int nodes;
        try {
            nodes = liveNodes();
        } catch (RuntimeException e) {
            log.debug("segment balancing skipped, node registry unreachable: {}", e.toString());
            return; // Redis down: keep what each node holds
        }
        for (TrackingEventProcessor processor : trackingProcessors()) {
            if (!processor.isRunning() || processor.isReplaying()) {
                continue; // stopped for a rebuild, or replaying one: left alone until it is done
            }
            List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
            int fairShare = (int) Math.ceil((double) processor.maxCapacity() / Math.max(1, nodes));
            for (int i = fairShare; i < held.size(); i++) {
                log.info("releasing segment {} of {} for another node ({} nodes, fair share {})", held.get(i), processor.getName(),
                        nodes, fairShare);
                processor.releaseSegment(held.get(i), releaseFor.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** A node shutting down leaves at once: the others take its share now instead of after the node timeout. */
    @jakarta.annotation.PreDestroy
    void leave() {
        try {
            redis.getScoredSortedSet(NODES, StringCodec.INSTANCE).remove(node);
        } catch (RuntimeException e) {
            log.debug("could not leave the node registry (its entry times out): {}", e.toString());
        }
    }

    /** Says this node is alive and counts the nodes that said so within the timeout. */
    int liveNodes() {
        RScoredSortedSet<String> registry = redis.getScoredSortedSet(NODES, StringCodec.INSTANCE);
        long now = System.currentTimeMillis();
        registry.add(now, node);
        registry.removeRangeByScore(0, true, now - nodeTimeout.toMillis(), true);
        return Math.max(1, registry.size());
    }

    private List<TrackingEventProcessor> trackingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .toList();
    }
}
