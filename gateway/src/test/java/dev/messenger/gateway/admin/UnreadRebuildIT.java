package dev.messenger.gateway.admin;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.projections.unread.UnreadKeys;
import dev.messenger.projections.unread.UnreadProjection;
import dev.messenger.query.unread.UnreadQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/** The unread counts are a pure function of the event log: wiped and rebuilt, every count is as before. */
class UnreadRebuildIT extends GatewayIntegrationTest {

    @Autowired
    RedissonClient redis;
    @Autowired
    UnreadQueries unread;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void wipedAndRebuiltUnreadCountsAreIdenticalToTheLiveOnes() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "G",
                "participants", List.of(bob.userId(), carol.userId()))).body().get("conversationId").asText();
        String direct = api.post(bob, "/conversations", Map.of("type", "direct", "participants", List.of(carol.userId())))
                .body().get("conversationId").asText();
        for (int i = 0; i < 12; i++) {
            api.post(i % 3 == 0 ? alice : bob, "/messages/send", Map.of("conversationId", group, "body", "g" + i));
            api.post(i % 2 == 0 ? bob : carol, "/messages/send", Map.of("conversationId", direct, "body", "d" + i));
        }
        eventually(() -> api.post(carol, "/messages/read", Map.of("conversationId", group, "upToSeq", 5)).status() == 204, "read");
        api.post(bob, "/messages/read", Map.of("conversationId", direct, "upToSeq", 7));
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + group + "&limit=1").body().get("messages").size() == 1,
                "history caught up");
        String lastOfGroup = api.get(alice, "/messages/history?conversation_id=" + group + "&limit=1").body().get("messages").get(0)
                .get("messageId").asText();
        api.post(bob, "/messages/delete", Map.of("conversationId", group, "messageId", lastOfGroup));
        eventually(() -> allCounts().size() >= 5 && caughtUp(), "unread projection caught up");
        // a stray counter no replay can produce
        redis.getMap(UnreadKeys.read("g-stray"), StringCodec.INSTANCE).put(alice.userId(), "0");
        redis.getScoredSortedSet(UnreadKeys.live("g-stray"), StringCodec.INSTANCE).add(1, "1");
        Map<String, Long> live = allCounts();
        live.remove("g-stray/" + alice.userId());

        TrackingEventProcessor processor = processing.eventProcessor(UnreadProjection.GROUP, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        eventually(() -> allCounts().equals(live), "rebuilt counts equal to the live ones: " + processor.processingStatus());

        Map<String, Long> rebuilt = allCounts();
        assertThat(rebuilt).isEqualTo(live);
        assertThat(rebuilt).containsKey(group + "/" + carol.userId()).doesNotContainKey("g-stray/" + alice.userId());
        assertThat(redis.getKeys().countExists(UnreadKeys.live("g-stray"))).isZero();
    }

    private boolean caughtUp() {
        TrackingEventProcessor processor = processing.eventProcessor(UnreadProjection.GROUP, TrackingEventProcessor.class).orElseThrow();
        var status = processor.processingStatus();
        return status.size() == processor.maxCapacity()
                && status.values().stream().allMatch(segment -> segment.isCaughtUp() && !segment.isReplaying());
    }

    /** Every (conversation, member) count in the store, computed by the same query the inbox uses. */
    private Map<String, Long> allCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String key : redis.getKeys().getKeysByPattern("unread:{*}:read")) {
            String conversationId = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
            for (String userId : redis.<String, String>getMap(key, StringCodec.INSTANCE).readAllKeySet()) {
                long count = unread.findUnreadCounts(userId, List.of(conversationId)).block(Duration.ofSeconds(10)).get(conversationId);
                counts.put(conversationId + "/" + userId, count);
            }
        }
        return counts;
    }
}
