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

/** Group roles, name, description and picture, and the service items they leave in history and on the streams. */
class GroupsIT extends GatewayIntegrationTest {

    @Test
    void adminsRunTheGroupAndEveryChangeShowsBetweenTheMessages() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        User dave = api.signUp("dave");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Trip",
                "participants", List.of(bob.userId(), carol.userId()))).body().get("conversationId").asText();
        eventually(() -> api.get(carol, "/conversations/" + group).status() == 200, "the group is in the read model");
        assertThat(roles(api, carol, group)).containsExactly(alice.userId() + "=owner", bob.userId() + "=member",
                carol.userId() + "=member");
        assertThat(api.get(carol, "/conversations/" + group).body().get("members").get(0).get("joinedAt").isTextual()).isTrue();

        // a member who is not an admin changes nothing; someone outside learns nothing
        for (Response refused : List.of(api.patch(bob, "/conversations/" + group, Map.of("title", "Mine")),
                api.put(bob, "/conversations/" + group + "/admins/" + carol.userId(), Map.of()),
                api.post(bob, "/conversations/" + group + "/participants", Map.of("userId", dave.userId())),
                api.delete(bob, "/conversations/" + group + "/participants/" + carol.userId()))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        }
        assertThat(api.patch(dave, "/conversations/" + group, Map.of("title", "Mine")).status()).isEqualTo(404);
        assertThat(api.put(dave, "/conversations/" + group + "/admins/" + dave.userId(), Map.of()).status()).isEqualTo(404);
        assertThat(api.patch(alice, "/conversations/" + group, Map.of()).status()).isEqualTo(400);
        assertThat(api.patch(alice, "/conversations/" + group, Map.of("description", "x".repeat(1001))).status()).isEqualTo(400);
        assertThat(api.put(alice, "/conversations/" + group + "/admins/" + dave.userId(), Map.of()).status()).isEqualTo(400);
        String direct = api.directChat(alice, dave);
        assertThat(api.patch(alice, "/conversations/" + direct, Map.of("title", "Us")).status()).isEqualTo(400);

        long base = feedBase();
        String hello = api.post(alice, "/messages/send", Map.of("conversationId", group, "body", "hello")).body().get("messageId").asText();
        try (EventStream carolEvents = api.openEvents(carol, null)) {
            assertThat(api.put(alice, "/conversations/" + group + "/admins/" + bob.userId(), Map.of()).status()).isEqualTo(204);
            assertThat(api.put(alice, "/conversations/" + group + "/admins/" + bob.userId(), Map.of()).status()).isEqualTo(204);
            // the promoted admin adds, renames and describes
            assertThat(api.post(bob, "/conversations/" + group + "/participants", Map.of("userId", dave.userId())).status()).isEqualTo(204);
            assertThat(api.patch(bob, "/conversations/" + group, Map.of("title", " Trip to Lisbon ", "description", "Flights and rooms"))
                    .status()).isEqualTo(204);
            assertThat(api.delete(bob, "/conversations/" + group + "/admins/" + alice.userId()).status()).isEqualTo(403);
            assertThat(api.delete(bob, "/conversations/" + group + "/participants/" + alice.userId()).status()).isEqualTo(403);

            JsonNode promoted = json(carolEvents.next("role.changed").data());
            assertThat(promoted.get("kind").asText()).isEqualTo("service");
            assertThat(promoted.get("userId").asText()).isEqualTo(bob.userId());
            assertThat(promoted.get("role").asText()).isEqualTo("admin");
            assertThat(promoted.get("actorId").asText()).isEqualTo(alice.userId());
            assertThat(promoted.get("afterSeq").asLong()).isEqualTo(1);
            JsonNode added = json(carolEvents.next("member.added").data());
            assertThat(added.get("userId").asText()).isEqualTo(dave.userId());
            assertThat(added.get("actorId").asText()).isEqualTo(bob.userId());
            assertThat(json(carolEvents.next("conversation.renamed").data()).get("title").asText()).isEqualTo("Trip to Lisbon");
            carolEvents.next("conversation.description.changed");
        }
        // the stream keeps its participant.added for the clients that know only it
        assertThat(api.get(carol, "/sync?since=" + base).body().toString()).contains("participant.added");

        // the owner leaves: the longest-standing admin takes over
        assertThat(api.delete(alice, "/conversations/" + group + "/participants/" + alice.userId()).status()).isEqualTo(204);
        eventually(() -> roles(api, carol, group).equals(List.of(bob.userId() + "=owner", carol.userId() + "=member",
                dave.userId() + "=member")), "bob owns the group");
        JsonNode details = api.get(dave, "/conversations/" + group).body();
        assertThat(details.get("title").asText()).isEqualTo("Trip to Lisbon");
        assertThat(details.get("description").asText()).isEqualTo("Flights and rooms");
        assertThat(api.get(dave, "/conversations").body().get("conversations").get(0).get("title").asText()).isEqualTo("Trip to Lisbon");

        // history: the message, then every change in the order it happened, the same both ways
        List<String> expected = List.of("message:" + hello, "role.changed:" + bob.userId() + ":admin",
                "member.added:" + dave.userId(), "conversation.renamed:Trip to Lisbon", "conversation.description.changed",
                "member.left:" + alice.userId(), "role.changed:" + bob.userId() + ":owner");
        eventually(() -> items(api.get(carol, "/messages/history?after=0&conversation_id=" + group).body()).equals(expected),
                "history oldest first");
        List<String> newestFirst = new ArrayList<>(expected);
        java.util.Collections.reverse(newestFirst);
        assertThat(items(api.get(carol, "/messages/history?conversation_id=" + group).body())).isEqualTo(newestFirst);
        JsonNode takeover = api.get(carol, "/messages/history?conversation_id=" + group).body().get("messages").get(0);
        assertThat(takeover.has("actorId")).as("the group's own rule, no actor").isFalse();
        assertThat(takeover.get("serviceId").asText()).isNotBlank();
        assertThat(api.get(alice, "/messages/history?conversation_id=" + group).status()).isEqualTo(404);

        // the new owner's picture: his own image, which every member may then read
        String picture = api.uploadPng(bob);
        String carols = api.uploadPng(carol);
        assertThat(api.patch(bob, "/conversations/" + group, Map.of("pictureMediaId", carols)).status()).isEqualTo(404);
        assertThat(api.patch(bob, "/conversations/" + group, Map.of("pictureMediaId", picture)).status()).isEqualTo(204);
        eventually(() -> picture.equals(api.get(carol, "/conversations/" + group).body().path("pictureMediaId").asText()), "the picture");
        eventually(() -> api.getText(carol, "/media/" + picture).status() == 200, "members read the picture");
        assertThat(api.getText(alice, "/media/" + picture).status()).isEqualTo(404);
        assertThat(api.patch(bob, "/conversations/" + group, Map.of("pictureMediaId", "", "description", "")).status()).isEqualTo(204);
        eventually(() -> api.get(carol, "/conversations/" + group).body().get("pictureMediaId").isNull(), "the picture removed");
        assertThat(api.get(carol, "/conversations/" + group).body().get("description").isNull()).isTrue();

        // a promoted admin pins; a member does not
        assertThat(api.put(bob, "/conversations/" + group + "/pins/" + hello, Map.of()).status()).isEqualTo(204);
        assertThat(api.put(carol, "/conversations/" + group + "/pins/" + hello, Map.of()).status()).isEqualTo(403);
    }

    private static List<String> roles(ApiClient api, User user, String group) {
        List<String> roles = new ArrayList<>();
        api.get(user, "/conversations/" + group).body().get("members")
                .forEach(member -> roles.add(member.get("userId").asText() + "=" + member.get("role").asText()));
        return roles;
    }

    /** A history page as "message:<id>" and "<type>[:<user>][:<role>|:<title>]" lines. */
    private static List<String> items(JsonNode page) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : page.get("messages")) {
            if (!"service".equals(item.path("kind").asText())) {
                items.add("message:" + item.get("messageId").asText());
                continue;
            }
            StringBuilder line = new StringBuilder(item.get("type").asText());
            for (String field : List.of("userId", "role", "title")) {
                if (item.hasNonNull(field)) {
                    line.append(':').append(item.get(field).asText());
                }
            }
            items.add(line.toString());
        }
        return items;
    }
}
