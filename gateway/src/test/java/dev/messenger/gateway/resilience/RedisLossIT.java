package dev.messenger.gateway.resilience;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.processing.admin.ProjectionAdmin;
import dev.messenger.projections.privacy.PrivacyKeys;
import dev.messenger.query.privacy.PrivacyQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Redis losing data the projections had written (here all of it, as after a failover to an empty replica or a lost
 * disk) is noticed while the gateway runs and repaired: the Redis projections are rebuilt from the log, every client
 * is told to re-sync (an open stream ends with a reset, an old position gets one), nothing is counted twice, and
 * until the privacy settings are back, users without settings in Redis read as the most private.
 */
class RedisLossIT extends GatewayIntegrationTest {

    @Autowired
    RedissonClient redis;
    @Autowired
    ProjectionAdmin projections;
    @Autowired
    PrivacyQueries privacy;

    @Test
    void aRedisThatLostItsDataIsRebuiltAndEveryClientIsToldToResync() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        assertThat(api.put(alice, "/users/me/privacy", Map.of("readReceipts", false, "lastSeen", "nobody", "presence", "nobody"))
                .status()).isEqualTo(204);
        String chat = api.directChat(alice, bob);
        for (int i = 0; i < 3; i++) {
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "before the loss " + i));
        }
        long base = feedBase();
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 5, "bob's feed has 5 entries");
        eventually(() -> unread(api, bob, chat) == 3, "bob has 3 unread");
        eventually(() -> privacy.findSettings(alice.userId()).block().lastSeen().name().equals("NOBODY"), "alice's settings applied");

        try (EventStream bobEvents = api.openEvents(bob, String.valueOf(base + 5))) {
            Thread.sleep(500); // the stream is live
            redis.getKeys().flushall();

            // a user who never chose settings reads as the most private until the privacy projection is rebuilt (the
            // marker of a complete projection went with the rest, and is set again only after the repair's replay)
            PrivacyQueries.Settings carolsMeanwhile = privacy.findSettings("u-never-set").block();

            ServerSentEvent<String> reset = bobEvents.received().poll(30, TimeUnit.SECONDS);
            assertThat(reset).as("the open stream is told the feed was rebuilt").isNotNull();
            assertThat(reset.event()).isEqualTo("feed.reset");
            long newBase = feedBase();
            assertThat(newBase).as("a new epoch").isGreaterThan(base);
            assertThat(carolsMeanwhile).isEqualTo(PrivacyQueries.MOST_PRIVATE);
        }
        long newBase = feedBase();
        eventually(() -> rebuilt(), "the Redis projections rebuilt", Duration.ofSeconds(120));

        // the feed, rebuilt: an old position is answered with a reset, then the rebuilt feed goes on from the new epoch
        JsonNode old = api.get(bob, "/sync?since=" + (base + 2)).body();
        assertThat(old.get("events").get(0).get("event").asText()).isEqualTo("feed.reset");
        assertThat(old.get("next").asLong()).isGreaterThanOrEqualTo(newBase);
        JsonNode replayed = api.get(bob, "/sync?since=0").body().get("events");
        assertThat(replayed).hasSize(5); // the conversation, bob's accepting it, the three messages
        assertThat(replayed.get(0).get("id").asLong()).isEqualTo(newBase + 1);
        assertThat(replayed.get(4).get("data").get("body").asText()).isEqualTo("before the loss 2");

        // unread counts and privacy settings are back, counted once
        assertThat(unread(api, bob, chat)).isEqualTo(3);
        eventually(() -> redis.getBucket(PrivacyKeys.COMPLETE, org.redisson.client.codec.StringCodec.INSTANCE).isExists(),
                "privacy complete again");
        assertThat(privacy.findSettings(alice.userId()).block()).isEqualTo(new PrivacyQueries.Settings(false,
                dev.messenger.events.privacy.Visibility.NOBODY, dev.messenger.events.privacy.Visibility.NOBODY));
        assertThat(privacy.findSettings("u-never-set").block()).isEqualTo(PrivacyQueries.DEFAULTS);

        // and the system goes on: a new message arrives live, after the new epoch's positions
        try (EventStream bobEvents = api.openEvents(bob, null)) {
            Thread.sleep(500);
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "after the repair"));
            ServerSentEvent<String> live = bobEvents.next("message.sent");
            assertThat(Long.parseLong(live.id())).isEqualTo(newBase + 6);
        }
        // the unread count follows the live delivery within the projections' linger
        eventually(() -> unread(api, bob, chat) == 4, "bob has 4 unread");
    }

    private boolean rebuilt() {
        return projections.list().stream()
                .filter(p -> List.of("feed", "unread", "privacy").contains(p.name()))
                .allMatch(p -> !p.replaying() && p.status().equals("running") && p.lag() == 0);
    }

    private static long unread(ApiClient api, User user, String conversationId) {
        for (JsonNode c : api.get(user, "/conversations").body().get("conversations")) {
            if (c.get("conversationId").asText().equals(conversationId)) {
                return c.get("unreadCount").asLong();
            }
        }
        return -1;
    }
}
