package dev.messenger.projections.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The event log's topics. {@code events}: every event, keyed by its aggregate (the conversation, or
 * the user for privacy settings), bodies left out. {@code bodies}: the message bodies, compacted and
 * keyed by message id, a tombstone when a message is deleted; its segments roll after a minute and
 * are compacted within five minutes of rolling ({@code max.compaction.lag.ms}), so a deleted body stops being
 * readable within minutes of the next write (Kafka rolls a segment only when something is appended).
 */
public record EventLogTopics(String events, String bodies, int partitions, short replicationFactor) {

    public static final String DEFAULT_EVENTS = "messenger.events";
    public static final String DEFAULT_BODIES = "messenger.message-bodies";

    /** Creates the topics where they are missing. */
    public void ensureExist(AdminClient admin) throws InterruptedException, TimeoutException, ExecutionException {
        List<NewTopic> topics = List.of(
                new NewTopic(events, partitions, replicationFactor),
                new NewTopic(bodies, partitions, replicationFactor).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.SEGMENT_MS_CONFIG, "60000",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                        // a rolled segment holding a deleted body is compacted within this, however little is dirty
                        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "300000",
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, "86400000")));
        for (var result : admin.createTopics(topics).values().values()) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
