package dev.messenger.gateway.conversation;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pinned messages and each member's archived and pinned conversations, through the API and the streams. */
class PinsAndInboxStateIT extends GatewayIntegrationTest {

    @Test
    void membersPinMessagesAsTheirRoleAllowsAndEveryMemberSeesThem() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Trip",
                "participants", List.of(bob.userId()))).body().get("conversationId").asText();
        long base = feedBase();
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 1, "bob's feed has the group");
        String first = send(api, bob, group, "the address is 12 Elm Street");
        String second = send(api, alice, group, "train at 9:40");
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + group).body().get("messages").size() == 2, "history");

        try (EventStream bobEvents = api.openEvents(bob, String.valueOf(base + 1))) {
            assertThat(api.put(alice, "/conversations/" + group + "/pins/" + first, Map.of()).status()).isEqualTo(204);
            assertThat(api.put(alice, "/conversations/" + group + "/pins/" + first, Map.of()).status()).isEqualTo(204);
            assertThat(api.put(alice, "/conversations/" + group + "/pins/" + second, Map.of()).status()).isEqualTo(204);
            JsonNode pinned = json(bobEvents.next("message.pinned").data());
            assertThat(pinned.get("messageId").asText()).isEqualTo(first);
            assertThat(pinned.get("pinnedBy").asText()).isEqualTo(alice.userId());
            assertThat(json(bobEvents.next("message.pinned").data()).get("messageId").asText()).isEqualTo(second);
        }
        // only the group's admin (its creator) pins; someone outside learns nothing; an unknown message is 404
        Response notAdmin = api.put(bob, "/conversations/" + group + "/pins/" + second, Map.of());
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(api.put(carol, "/conversations/" + group + "/pins/" + second, Map.of()).status()).isEqualTo(404);
        assertThat(api.get(carol, "/conversations/" + group + "/pins").status()).isEqualTo(404);
        assertThat(api.put(alice, "/conversations/" + group + "/pins/m-nothing", Map.of()).status()).isEqualTo(404);

        eventually(() -> pins(api, bob, group).size() == 2, "both pins listed");
        assertThat(pins(api, bob, group)).containsExactly(first, second);
        assertThat(api.get(bob, "/conversations/" + group + "/pins").body().get("pins").get(0).get("seq").asLong()).isEqualTo(1);

        // unpinned by the admin, and a deleted message is unpinned with it
        assertThat(api.delete(alice, "/conversations/" + group + "/pins/" + second).status()).isEqualTo(204);
        assertThat(api.post(bob, "/messages/delete", Map.of("conversationId", group, "messageId", first)).status()).isEqualTo(204);
        eventually(() -> pins(api, alice, group).isEmpty(), "no pins left");
        assertThat(api.put(alice, "/conversations/" + group + "/pins/" + first, Map.of()).status()).isEqualTo(409);

        // in a direct chat either side pins
        String direct = api.directChat(bob, carol);
        String hello = send(api, carol, direct, "hello");
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + direct).body().get("messages").size() == 1, "history");
        assertThat(api.put(bob, "/conversations/" + direct + "/pins/" + hello, Map.of()).status()).isEqualTo(204);
        eventually(() -> pins(api, carol, direct).size() == 1, "carol sees bob's pin");
    }

    @Test
    void eachMemberArchivesAndPinsConversationsInTheirOwnInbox() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String withBob = api.directChat(alice, bob);
        String withCarol = api.directChat(alice, carol);
        send(api, bob, withBob, "first");
        send(api, carol, withCarol, "second");
        eventually(() -> inbox(api, alice, "").equals(List.of(withCarol, withBob)), "alice's inbox, newest first");
        long position = api.get(alice, "/sync?since=0").body().get("next").asLong();

        try (EventStream aliceEvents = api.openEvents(alice, String.valueOf(position))) {
            assertThat(api.put(alice, "/conversations/" + withBob + "/state", Map.of("pinned", true)).status()).isEqualTo(204);
            JsonNode state = json(aliceEvents.next("conversation.state").data());
            assertThat(state.get("conversationId").asText()).isEqualTo(withBob);
            assertThat(state.get("pinned").asBoolean()).isTrue();
        }
        eventually(() -> inbox(api, alice, "").equals(List.of(withBob, withCarol)), "the pinned one first");
        assertThat(api.get(alice, "/conversations").body().get("conversations").get(0).get("pinned").asBoolean()).isTrue();
        // bob's inbox and stream know nothing of alice's flags
        assertThat(api.get(bob, "/conversations").body().get("conversations").get(0).get("pinned").asBoolean()).isFalse();
        assertThat(api.get(bob, "/sync?since=0").body().toString()).doesNotContain("conversation.state");

        assertThat(api.put(alice, "/conversations/" + withCarol + "/state", Map.of("archived", true)).status()).isEqualTo(204);
        eventually(() -> inbox(api, alice, "").equals(List.of(withBob)), "the archived one left the inbox");
        assertThat(inbox(api, alice, "&archived=true")).containsExactly(withCarol);
        assertThat(api.get(alice, "/conversations?archived=true").body().get("conversations").get(0).get("archived").asBoolean()).isTrue();
        send(api, carol, withCarol, "are you there?");
        eventually(() -> "are you there?".equals(api.get(alice, "/conversations?archived=true").body().get("conversations").get(0)
                .get("lastMessage").get("preview").asText()), "the new message shows in the archived list");
        assertThat(inbox(api, alice, "")).containsExactly(withBob);

        assertThat(api.put(alice, "/conversations/" + withCarol + "/state", Map.of("archived", false)).status()).isEqualTo(204);
        eventually(() -> inbox(api, alice, "").equals(List.of(withBob, withCarol)), "unarchived: back in the inbox, after the pinned");

        Response empty = api.put(alice, "/conversations/" + withCarol + "/state", Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(api.put(carol, "/conversations/" + withBob + "/state", Map.of("archived", true)).status()).isEqualTo(404);
    }

    private static String send(ApiClient api, User user, String conversationId, String body) {
        Response sent = api.post(user, "/messages/send", Map.of("conversationId", conversationId, "body", body));
        assertThat(sent.status()).isEqualTo(201);
        return sent.body().get("messageId").asText();
    }

    private static List<String> pins(ApiClient api, User user, String conversationId) {
        List<String> ids = new ArrayList<>();
        api.get(user, "/conversations/" + conversationId + "/pins").body().get("pins").forEach(pin -> ids.add(pin.get("messageId").asText()));
        return ids;
    }

    private static List<String> inbox(ApiClient api, User user, String query) {
        List<String> ids = new ArrayList<>();
        api.get(user, "/conversations?limit=20" + query).body().get("conversations").forEach(c -> ids.add(c.get("conversationId").asText()));
        return ids;
    }
}
