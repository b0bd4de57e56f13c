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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

/** The first-message story: three people, a direct chat and a group, live delivery, resume, history, inbox. */
class FirstMessageIT extends GatewayIntegrationTest {

    @Test
    void threePeopleChatLiveResumeAndPageThroughHistory() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");

        Response direct = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())));
        assertThat(direct.status()).isEqualTo(201);
        String directId = direct.body().get("conversationId").asText();
        Response again = api.post(bob, "/conversations", Map.of("type", "direct", "participants", List.of(alice.userId())));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("conversationId").asText()).isEqualTo(directId);

        Response group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Trip",
                "participants", List.of(bob.userId(), carol.userId())));
        assertThat(group.status()).isEqualTo(201);
        String groupId = group.body().get("conversationId").asText();
        assertThat(group.body().get("participants")).hasSize(3);

        // B is online and receives A's message live
        String lastSeen;
        try (EventStream bobEvents = api.openEvents(bob, "0")) {
            assertThat(bobEvents.next("conversation.created").data()).contains(directId);
            Response sent = api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "hi bob", "clientMessageId", "c-0"));
            assertThat(sent.status()).isEqualTo(201);
            assertThat(sent.body().get("seq").asLong()).isEqualTo(1);
            ServerSentEvent<String> live = bobEvents.next("message.sent");
            JsonNode data = json(live.data());
            assertThat(data.get("body").asText()).isEqualTo("hi bob");
            assertThat(data.get("conversationId").asText()).isEqualTo(directId);
            lastSeen = live.id();
        }

        // B is offline while A sends 50 more; B resumes with Last-Event-ID and gets exactly those, then a live one
        List<String> offlineIds = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            Response sent = api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "message " + i));
            assertThat(sent.body().get("seq").asLong()).isEqualTo(i + 1);
            offlineIds.add(sent.body().get("messageId").asText());
        }
        try (EventStream resumed = api.openEvents(bob, lastSeen)) {
            List<String> replayed = new ArrayList<>();
            long previousId = Long.parseLong(lastSeen);
            for (int i = 0; i < 50; i++) {
                ServerSentEvent<String> event = resumed.next("message.sent");
                assertThat(Long.parseLong(event.id())).isGreaterThan(previousId);
                previousId = Long.parseLong(event.id());
                replayed.add(json(event.data()).get("messageId").asText());
            }
            assertThat(replayed).containsExactlyElementsOf(offlineIds);
            api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "live again"));
            ServerSentEvent<String> live = resumed.next("message.sent");
            assertThat(json(live.data()).get("body").asText()).isEqualTo("live again");
            assertThat(Long.parseLong(live.id())).isEqualTo(previousId + 1);
            assertThat(resumed.received().stream().filter(e -> "message.sent".equals(e.event()))).isEmpty();
        }

        // a retried send with the same clientMessageId yields one message
        Response first = api.post(bob, "/messages/send", Map.of("conversationId", groupId, "body", "hello all", "clientMessageId", "retry-1"));
        Response retry = api.post(bob, "/messages/send", Map.of("conversationId", groupId, "body", "hello all", "clientMessageId", "retry-1"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("messageId")).isEqualTo(first.body().get("messageId"));

        // history pages back and forth return every message once, in seq order
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + directId + "&limit=1").body().get("messages").get(0)
                .get("seq").asLong() == 52, "history has all 52 messages");
        List<Long> backwards = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get(bob, "/messages/history?conversation_id=" + directId + "&limit=7" + cursor).body();
            page.get("messages").forEach(m -> backwards.add(m.get("seq").asLong()));
            cursor = page.get("next") == null || page.get("next").isNull() ? null : "&before=" + page.get("next").asLong();
        } while (cursor != null);
        assertThat(backwards).hasSize(52).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        List<Long> forwards = new ArrayList<>();
        cursor = "&after=0";
        do {
            JsonNode page = api.get(bob, "/messages/history?conversation_id=" + directId + "&limit=11" + cursor).body();
            page.get("messages").forEach(m -> forwards.add(m.get("seq").asLong()));
            cursor = page.get("next") == null || page.get("next").isNull() ? null : "&after=" + page.get("next").asLong();
        } while (cursor != null);
        assertThat(forwards).hasSize(52).isSorted().doesNotHaveDuplicates();

        // each inbox shows the right last message
        eventually(() -> lastPreview(api, alice, directId).equals("live again"), "alice's inbox");
        eventually(() -> lastPreview(api, bob, groupId).equals("hello all"), "bob's inbox");
        eventually(() -> lastPreview(api, carol, groupId).equals("hello all"), "carol's inbox");
        JsonNode carolInbox = api.get(carol, "/conversations").body().get("conversations");
        assertThat(carolInbox).hasSize(1);
        // the unread count is a projection of its own, which may come a moment after the inbox's preview
        eventually(() -> api.get(carol, "/conversations").body().get("conversations").get(0).get("unreadCount").asLong() == 1,
                "carol has 1 unread");

        // C cannot read, nor write in, the direct chat
        assertThat(api.get(carol, "/messages/history?conversation_id=" + directId).status()).isEqualTo(404);
        Response intrusion = api.post(carol, "/messages/send", Map.of("conversationId", directId, "body", "let me in"));
        assertThat(intrusion.status()).isEqualTo(404);
        assertThat(intrusion.headers().getContentType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void racingRetriesOfOneSendAppendOneMessage() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String directId = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        String key = UUID.randomUUID().toString();
        List<Response> responses = java.util.stream.IntStream.range(0, 8).parallel()
                .mapToObj(i -> api.postWithHeader(alice, "/messages/send", Map.of("conversationId", directId, "body", "once"),
                        "Idempotency-Key", key))
                .toList();
        assertThat(responses).extracting(Response::status).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(responses).extracting(r -> r.body().get("messageId").asText()).containsOnly(responses.get(0).body().get("messageId").asText());
        Response differentBody = api.postWithHeader(alice, "/messages/send", Map.of("conversationId", directId, "body", "other"),
                "Idempotency-Key", key);
        assertThat(differentBody.status()).isEqualTo(422);
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + directId).status() == 200
                && api.get(alice, "/messages/history?conversation_id=" + directId).body().get("messages").size() == 1, "one message");
    }

    private static String lastPreview(ApiClient api, User user, String conversationId) {
        for (JsonNode c : api.get(user, "/conversations").body().get("conversations")) {
            if (c.get("conversationId").asText().equals(conversationId) && c.hasNonNull("lastMessage")) {
                return c.get("lastMessage").get("preview").asText();
            }
        }
        return "";
    }
}
