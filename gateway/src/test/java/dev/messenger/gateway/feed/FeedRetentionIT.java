package dev.messenger.gateway.feed;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.projections.feed.FeedKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamTrimArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;

/** A client resuming from a position the feed no longer keeps is told so, never silently skipped. */
class FeedRetentionIT extends GatewayIntegrationTest {

    @Autowired
    RedissonClient redis;

    @Test
    void resumingBeforeTheOldestKeptEntryStartsWithAResetEvent() throws Exception {
        ApiClient api = api();
        long base = feedBase();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String directId = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        for (int i = 0; i < 5; i++) {
            api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "m" + i));
        }
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 6, "bob's feed has 6 entries");
        // as if retention had trimmed all but the newest two entries (positions 5 and 6)
        redis.getStream(FeedKeys.stream(bob.userId()), StringCodec.INSTANCE).trim(StreamTrimArgs.maxLen(2).noLimit());

        var sync = api.get(bob, "/sync?since=" + (base + 1)).body().get("events");
        assertThat(sync.get(0).get("event").asText()).isEqualTo("feed.reset");
        assertThat(sync.get(0).get("data").get("resumeAfter").asLong()).isEqualTo(base + 4);
        assertThat(sync.get(1).get("id").asLong()).isEqualTo(base + 5);

        try (EventStream events = api.openEvents(bob, String.valueOf(base + 1))) {
            ServerSentEvent<String> reset = events.received().poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reset.event()).isEqualTo("feed.reset");
            assertThat(reset.id()).isNull();
            assertThat(events.next("message.sent").id()).isEqualTo(String.valueOf(base + 5));
            assertThat(events.next("message.sent").id()).isEqualTo(String.valueOf(base + 6));
            api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "after the reset"));
            ServerSentEvent<String> live = events.next("message.sent");
            assertThat(live.id()).isEqualTo(String.valueOf(base + 7));
            assertThat(json(live.data()).get("body").asText()).isEqualTo("after the reset");
        }
    }

    @Test
    void resumingFromTheHeadSkipsNothingAndRepeatsNothing() throws Exception {
        ApiClient api = api();
        long base = feedBase();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String directId = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 1, "conversation.created in bob's feed");
        try (EventStream events = api.openEvents(bob, String.valueOf(base + 1))) {
            api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "first"));
            assertThat(events.next("message.sent").id()).isEqualTo(String.valueOf(base + 2));
            assertThat(events.received()).noneMatch(e -> "feed.reset".equals(e.event()) || "conversation.created".equals(e.event()));
        }
    }
}
