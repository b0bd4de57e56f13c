package dev.messenger.gateway.presence;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

/** Presence, typing and privacy as people see them (presence TTL 3 s and grace 1 s in these tests). */
class PresenceAndPrivacyIT extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.messenger.realtime.presence.PresenceTracker presenceTracker;

    @Test
    void anOpenStreamMeansOnlineAndContactsHearWhenItCloses() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        try (EventStream aliceEvents = api.openEvents(alice, null)) {
            listening(api, alice);
            EventStream bobEvents = api.openEvents(bob, null);
            ServerSentEvent<String> online = aliceEvents.next("presence.changed");
            assertThat(online.id()).isNull();
            assertThat(json(online.data()).get("userId").asText()).isEqualTo(bob.userId());
            assertThat(json(online.data()).get("status").asText()).isEqualTo("online");
            assertThat(status(api, alice, bob)).isEqualTo("online");

            bobEvents.close();
            JsonNode offline = json(aliceEvents.next("presence.changed").data());
            assertThat(offline.get("status").asText()).isEqualTo("offline");
            assertThat(status(api, alice, bob)).isEqualTo("offline");
            assertThat(presenceOf(api, alice, bob).get("lastSeen").isNull()).isFalse();
        }
    }

    @Test
    void aQuickReconnectAnnouncesNothing() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        try (EventStream aliceEvents = api.openEvents(alice, null)) {
            listening(api, alice);
            EventStream first = api.openEvents(bob, null);
            aliceEvents.next("presence.changed");
            first.close();
            try (EventStream second = api.openEvents(bob, null)) {
                Thread.sleep(2500);
                assertThat(aliceEvents.received()).noneMatch(e -> "presence.changed".equals(e.event()));
                assertThat(status(api, alice, bob)).isEqualTo("online");
            }
        }
    }

    @Test
    void aHeartbeatKeepsSomeoneOnlineOnlyForTheTtl() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        assertThat(api.post(bob, "/users/presence/heartbeat", Map.of()).status()).isEqualTo(204);
        assertThat(status(api, alice, bob)).isEqualTo("online");
        // nothing closes cleanly here, as when a gateway dies: the presence simply expires
        eventually(() -> status(api, alice, bob).equals("offline"), "offline once the TTL has passed");
    }

    @Test
    void aStreamOnAGatewayThatDiedExpiresAfterTheTtl() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        // what a gateway leaves behind when it dies holding bob's stream: a registration nobody refreshes or releases
        presenceTracker.touch(bob.userId(), "stream-on-a-dead-node").block(java.time.Duration.ofSeconds(10));
        assertThat(status(api, alice, bob)).isEqualTo("online");
        eventually(() -> status(api, alice, bob).equals("offline"), "offline once the TTL has passed");
        assertThat(presenceOf(api, alice, bob).get("lastSeen").isNull()).isFalse();
    }

    @Test
    void presenceHiddenFromEveryoneIsNotAnnounced() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        api.put(bob, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "everyone", "presence", "nobody"));
        eventually(() -> api.get(bob, "/users/me").body().get("privacy").get("presence").asText().equals("nobody"), "applied");
        try (EventStream aliceEvents = api.openEvents(alice, null); EventStream bobEvents = api.openEvents(bob, null)) {
            Thread.sleep(1500);
            assertThat(aliceEvents.received()).noneMatch(e -> "presence.changed".equals(e.event()));
            assertThat(status(api, alice, bob)).isEqualTo("offline");
        }
    }

    @Test
    void privacySettingsHideStatusLastSeenAndReadReceipts() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User stranger = api.signUp("stranger");
        String chat = chat(api, alice, bob);
        assertThat(api.put(bob, "/users/me/privacy", Map.of("readReceipts", false, "lastSeen", "nobody", "presence", "contacts")).status())
                .isEqualTo(204);
        eventually(() -> api.get(bob, "/users/me").body().get("privacy").get("presence").asText().equals("contacts"), "settings applied");
        assertThat(api.get(bob, "/users/me").body().get("privacy").get("readReceipts").asBoolean()).isFalse();

        api.post(bob, "/users/presence/heartbeat", Map.of());
        assertThat(presenceOf(api, alice, bob).get("status").asText()).isEqualTo("online");
        assertThat(presenceOf(api, alice, bob).get("lastSeen").isNull()).isTrue();
        assertThat(presenceOf(api, stranger, bob).get("status").asText()).isEqualTo("offline");
        assertThat(presenceOf(api, bob, bob).get("lastSeen").isNull()).isFalse();

        try (EventStream aliceEvents = api.openEvents(alice, null)) {
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "did you read this?"));
            eventually(() -> api.post(bob, "/messages/read", Map.of("conversationId", chat, "upToSeq", 1)).status() == 204, "read");
            eventually(() -> api.get(bob, "/conversations").body().get("conversations").get(0).get("unreadCount").asLong() == 0,
                    "bob's unread count is right");
            JsonNode bobsReceipt = null;
            for (JsonNode r : api.get(alice, "/conversations/" + chat + "/receipts").body().get("receipts")) {
                if (r.get("userId").asText().equals(bob.userId())) {
                    bobsReceipt = r;
                }
            }
            assertThat(bobsReceipt.get("readUpTo").isNull()).isTrue();
            aliceEvents.next("message.sent");
            Thread.sleep(1000);
            assertThat(aliceEvents.received()).noneMatch(e -> "receipt.read".equals(e.event()));
        }

        api.put(bob, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "everyone", "presence", "nobody"));
        eventually(() -> presenceOf(api, alice, bob).get("status").asText().equals("offline")
                && !presenceOf(api, alice, bob).get("lastSeen").isNull(), "presence hidden, last seen shown");
    }

    @Test
    void aBlockHidesPresenceBothWays() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        chat(api, alice, bob);
        api.post(alice, "/users/presence/heartbeat", Map.of());
        api.post(bob, "/users/presence/heartbeat", Map.of());
        assertThat(status(api, bob, alice)).isEqualTo("online");
        api.post(alice, "/users/block", Map.of("userId", bob.userId()));
        eventually(() -> status(api, bob, alice).equals("offline") && status(api, alice, bob).equals("offline"), "hidden both ways");
        assertThat(presenceOf(api, bob, alice).get("lastSeen").isNull()).isTrue();
    }

    @Test
    void typingReachesTheOtherParticipantsOnlyAndIsRateLimited() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User stranger = api.signUp("stranger");
        String chat = chat(api, alice, bob);
        try (EventStream bobEvents = api.openEvents(bob, null); EventStream aliceEvents = api.openEvents(alice, null)) {
            listening(api, bob);
            listening(api, alice);
            assertThat(api.post(alice, "/conversations/" + chat + "/typing", Map.of()).status()).isEqualTo(204);
            ServerSentEvent<String> typing = bobEvents.next("typing");
            assertThat(typing.id()).isNull();
            assertThat(json(typing.data()).get("userId").asText()).isEqualTo(alice.userId());
            assertThat(api.post(stranger, "/conversations/" + chat + "/typing", Map.of()).status()).isEqualTo(404);
            Thread.sleep(500);
            assertThat(aliceEvents.received()).noneMatch(e -> "typing".equals(e.event()));
        }
        Response limited = null;
        for (int i = 0; i < 12 && (limited == null || limited.status() != 429); i++) {
            limited = api.post(alice, "/conversations/" + chat + "/typing", Map.of());
        }
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().getFirst("Retry-After")).isNotNull();
        assertThat(api.get(alice, "/sync?since=0").body().toString()).doesNotContain("\"typing\"");
    }

    /** A stream announces its user online only once it listens for ephemeral events. */
    private static void listening(ApiClient api, User user) {
        eventually(() -> status(api, user, user).equals("online"), user.username() + "'s stream is listening");
    }

    /** Contacts: a direct chat both are in (its request accepted). */
    private static String chat(ApiClient api, User a, User b) {
        return api.directChat(a, b);
    }

    private static String status(ApiClient api, User viewer, User target) {
        return presenceOf(api, viewer, target).get("status").asText();
    }

    private static JsonNode presenceOf(ApiClient api, User viewer, User target) {
        return api.get(viewer, "/users/presence?user_ids=" + target.userId()).body().get("presence").get(0);
    }
}
