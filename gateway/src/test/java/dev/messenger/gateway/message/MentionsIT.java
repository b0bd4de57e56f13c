package dev.messenger.gateway.message;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mentions through the API: who may be mentioned, what history and the stream show, and each member's list of them. */
class MentionsIT extends GatewayIntegrationTest {

    @Test
    void membersMentionMembersAndEachFindsTheirMentions() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        User dave = api.signUp("dave");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Plans",
                "participants", List.of(bob.userId(), carol.userId()))).body().get("conversationId").asText();
        eventually(() -> api.get(carol, "/conversations/" + group).status() == 200, "the group is in the read model");

        // who may be mentioned, and by whom everyone
        assertThat(api.post(bob, "/messages/send", Map.of("conversationId", group, "body", "hi", "mentions", List.of(dave.userId())))
                .status()).isEqualTo(400);
        assertThat(api.post(bob, "/messages/send", Map.of("conversationId", group, "body", "hi all", "mentionAll", true)).status())
                .isEqualTo(403);

        String first;
        try (EventStream carolEvents = api.openEvents(carol, null)) {
            first = api.post(bob, "/messages/send", Map.of("conversationId", group, "body", "@carol the tickets?",
                    "mentions", List.of(carol.userId(), carol.userId()))).body().get("messageId").asText();
            JsonNode live = json(carolEvents.next("message.sent").data());
            assertThat(live.get("mentions").toString()).isEqualTo("[\"" + carol.userId() + "\"]");
            assertThat(live.has("mentionAll")).isFalse();
        }
        String everyone = api.post(alice, "/messages/send", Map.of("conversationId", group, "body", "@all meeting at 9", "mentionAll", true))
                .body().get("messageId").asText();
        api.post(alice, "/messages/send", Map.of("conversationId", group, "body", "no one in particular"));

        eventually(() -> mentionIds(api, carol).equals(List.of(everyone, first)), "carol's mentions, newest first");
        JsonNode newest = api.get(carol, "/users/me/mentions").body().get("mentions").get(0);
        assertThat(newest.get("preview").asText()).isEqualTo("@all meeting at 9");
        assertThat(newest.get("senderId").asText()).isEqualTo(alice.userId());
        assertThat(newest.get("conversationId").asText()).isEqualTo(group);
        assertThat(newest.get("seq").asLong()).isEqualTo(2);
        eventually(() -> mentionIds(api, bob).equals(List.of(everyone)), "bob is in everyone");
        assertThat(mentionIds(api, alice)).as("nobody mentions themselves with everyone").isEmpty();

        // paged with the cursor
        JsonNode page = api.get(carol, "/users/me/mentions?limit=1").body();
        assertThat(page.get("mentions").get(0).get("messageId").asText()).isEqualTo(everyone);
        JsonNode second = api.get(carol, "/users/me/mentions?limit=1&before=" + page.get("next").asText()).body();
        assertThat(second.get("mentions").get(0).get("messageId").asText()).isEqualTo(first);
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(api.get(carol, "/users/me/mentions?before=not-a-cursor").status()).isEqualTo(400);
        assertThat(api.get(carol, "/users/me/mentions?limit=0").status()).isEqualTo(400);

        // history shows them; an edit shows in the list, a delete takes the message out of it
        eventually(() -> api.get(carol, "/messages/history?conversation_id=" + group).body().get("messages").size() == 3, "history");
        JsonNode history = api.get(carol, "/messages/history?conversation_id=" + group).body().get("messages");
        assertThat(history.get(1).get("mentionAll").asBoolean()).isTrue();
        assertThat(history.get(2).get("mentions").get(0).asText()).isEqualTo(carol.userId());
        assertThat(history.get(0).has("mentions")).isFalse();
        assertThat(api.post(bob, "/messages/edit", Map.of("conversationId", group, "messageId", first, "body", "@carol the train tickets?"))
                .status()).isEqualTo(204);
        eventually(() -> api.get(carol, "/users/me/mentions").body().get("mentions").get(1).get("preview").asText()
                .equals("@carol the train tickets?"), "the edit shows");
        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", group, "messageId", everyone)).status()).isEqualTo(204);
        eventually(() -> mentionIds(api, carol).equals(List.of(first)), "the deleted mention is gone");

        // once out of the conversation, its mentions are not listed
        assertThat(api.delete(carol, "/conversations/" + group + "/participants/" + carol.userId()).status()).isEqualTo(204);
        eventually(() -> mentionIds(api, carol).isEmpty(), "no mentions from a group carol left");
    }

    private static List<String> mentionIds(ApiClient api, User user) {
        List<String> ids = new ArrayList<>();
        api.get(user, "/users/me/mentions").body().get("mentions").forEach(m -> ids.add(m.get("messageId").asText()));
        return ids;
    }
}
