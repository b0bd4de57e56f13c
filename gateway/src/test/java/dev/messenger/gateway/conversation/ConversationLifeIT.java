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
import org.springframework.http.codec.ServerSentEvent;

/** Receipts, unread counts, reactions, edits and deletes as two people experience them. */
class ConversationLifeIT extends GatewayIntegrationTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";

    @Test
    void unreadCountsFollowReadsAndDeletesAndTheStreamShowsEveryChangeInOrder() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        long base = feedBase();
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 2, "bob's feed has the conversation and its acceptance");

        try (EventStream bobEvents = api.openEvents(bob, String.valueOf(base + 2))) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                ids.add(api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "message " + i))
                        .body().get("messageId").asText());
            }
            eventually(() -> unread(api, bob, chat) == 10, "bob has 10 unread");
            assertThat(unread(api, alice, chat)).isZero();

            assertThat(api.post(bob, "/messages/read", Map.of("conversationId", chat, "upToSeq", 4)).status()).isEqualTo(204);
            eventually(() -> unread(api, bob, chat) == 6, "bob read up to 4: 6 unread");
            assertThat(api.post(bob, "/messages/read", Map.of("conversationId", chat, "upToSeq", 2)).status()).isEqualTo(204);

            String seventh = ids.get(6);
            assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", seventh)).status()).isEqualTo(204);
            eventually(() -> unread(api, bob, chat) == 5, "deleted unread message no longer counts");

            String first = ids.get(0);
            assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", first, "emoji", THUMBS_UP)).status())
                    .isEqualTo(204);
            assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", first, "emoji", THUMBS_UP)).status())
                    .isEqualTo(204);
            assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", first, "body", "message 1, edited"))
                    .status()).isEqualTo(204);
            assertThat(api.post(bob, "/messages/edit", Map.of("conversationId", chat, "messageId", first, "body", "not mine")).status())
                    .isEqualTo(403);
            assertThat(api.post(bob, "/reactions/remove", Map.of("conversationId", chat, "messageId", first, "emoji", THUMBS_UP)).status())
                    .isEqualTo(204);
            String tenth = ids.get(9);
            assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", tenth)).status()).isEqualTo(204);
            assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", tenth, "emoji", THUMBS_UP)).status())
                    .isEqualTo(409);
            assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", tenth, "body", "back")).status())
                    .isEqualTo(409);

            // bob's stream: the 10 messages, then every change in the order it happened (his own read receipts are not echoed)
            List<String> changes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                assertThat(bobEvents.next("message.sent").event()).isEqualTo("message.sent");
            }
            for (String expected : List.of("message.deleted", "reaction.added", "message.edited", "reaction.removed", "message.deleted")) {
                ServerSentEvent<String> event = nextChange(bobEvents);
                changes.add(event.event());
                if (expected.equals("message.edited")) {
                    assertThat(json(event.data()).get("body").asText()).isEqualTo("message 1, edited");
                }
            }
            assertThat(changes).containsExactly("message.deleted", "reaction.added", "message.edited", "reaction.removed", "message.deleted");
        }

        // receipts: bob's watermarks (reading implied delivery), alice's untouched
        Response receipts = api.get(alice, "/conversations/" + chat + "/receipts");
        JsonNode bobReceipt = receiptOf(receipts.body(), bob.userId());
        eventually(() -> receiptOf(api.get(alice, "/conversations/" + chat + "/receipts").body(), bob.userId()).get("readUpTo").asLong() == 4,
                "bob's read watermark");
        assertThat(receiptOf(api.get(alice, "/conversations/" + chat + "/receipts").body(), bob.userId()).get("deliveredUpTo").asLong())
                .isEqualTo(4);
        assertThat(bobReceipt).isNotNull();

        // history: the edit, the tombstones, no reaction left
        eventually(() -> historyItem(api, bob, chat, 10).get("deleted").asBoolean(), "tombstone of message 10");
        JsonNode firstItem = historyItem(api, bob, chat, 1);
        assertThat(firstItem.get("body").asText()).isEqualTo("message 1, edited");
        assertThat(firstItem.has("editedAt")).isTrue();
        assertThat(firstItem.get("reactions").size()).isZero();
        JsonNode seventhItem = historyItem(api, bob, chat, 7);
        assertThat(seventhItem.get("deleted").asBoolean()).isTrue();
        assertThat(seventhItem.get("body").isNull()).isTrue();

        // the edited message's versions, oldest first; a deleted message has none; nobody outside sees any
        JsonNode versions = api.get(bob, "/messages/" + firstItem.get("messageId").asText() + "/versions?conversation_id=" + chat)
                .body().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("body").asText()).isEqualTo("message 1");
        assertThat(versions.get(1).get("body").asText()).isEqualTo("message 1, edited");
        assertThat(versions.get(1).get("at").asText()).isEqualTo(firstItem.get("editedAt").asText());
        String tenthId = historyItem(api, bob, chat, 10).get("messageId").asText();
        Response deletedVersions = api.get(bob, "/messages/" + tenthId + "/versions?conversation_id=" + chat);
        assertThat(deletedVersions.status()).isEqualTo(404);
        assertThat(deletedVersions.headers().getContentType().toString()).isEqualTo("application/problem+json");
        User outsider = api.signUp("outsider");
        assertThat(api.get(outsider, "/messages/" + firstItem.get("messageId").asText() + "/versions?conversation_id=" + chat)
                .status()).isEqualTo(404);

        // the feed replay no longer carries the deleted bodies, and shows the edited one
        JsonNode replay = api.get(bob, "/sync?since=0").body().get("events");
        for (JsonNode event : replay) {
            if (event.get("event").asText().equals("message.sent")) {
                JsonNode data = event.get("data");
                long seq = data.get("seq").asLong();
                if (seq == 7 || seq == 10) {
                    assertThat(data.get("body").isNull()).as("body of deleted message " + seq).isTrue();
                    assertThat(data.get("deleted").asBoolean()).isTrue();
                }
                if (seq == 1) {
                    assertThat(data.get("body").asText()).isEqualTo("message 1, edited");
                }
            }
        }
        assertThat(replay.toString()).doesNotContain("message 7").doesNotContain("message 10");

        // the inbox preview of a deleted last message is gone
        eventually(() -> {
            JsonNode last = api.get(bob, "/conversations").body().get("conversations").get(0).get("lastMessage");
            return last.get("deleted").asBoolean() && last.get("preview").isNull();
        }, "inbox preview of the deleted last message");
    }

    @Test
    void reactionsMustBeOneEmojiAndMembersOnly() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User mallory = api.signUp("mallory");
        String chat = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        String message = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "react to me")).body()
                .get("messageId").asText();
        eventually(() -> api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", message, "emoji", THUMBS_UP))
                .status() == 204, "message indexed");
        Response text = api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", message, "emoji", "lol"));
        assertThat(text.status()).isEqualTo(400);
        assertThat(api.post(mallory, "/reactions/add", Map.of("conversationId", chat, "messageId", message, "emoji", THUMBS_UP)).status())
                .isEqualTo(404);
        assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", "m-unknown", "emoji", THUMBS_UP)).status())
                .isEqualTo(404);
        eventually(() -> historyItem(api, alice, chat, 1).get("reactions").path(THUMBS_UP).size() == 1, "one reaction in history");
        assertThat(historyItem(api, alice, chat, 1).get("reactions").get(THUMBS_UP).get(0).asText()).isEqualTo(bob.userId());
    }

    @Test
    void aReplyNamesAMessageOfItsOwnConversation() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String chat = api.directChat(alice, bob);
        String elsewhere = api.directChat(alice, carol);
        String question = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "lunch?")).body().get("messageId").asText();
        String aside = api.post(alice, "/messages/send", Map.of("conversationId", elsewhere, "body", "psst")).body().get("messageId").asText();
        eventually(() -> api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "yes", "replyTo", question)).status() == 201,
                "a reply to a message of the conversation, once the read model has it");

        Response missing = api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "to what?", "replyTo", "m-none"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("detail").asText()).contains("replyTo");
        eventually(() -> api.post(alice, "/messages/send", Map.of("conversationId", elsewhere, "body", "ok", "replyTo", aside)).status() == 201,
                "the aside is in the read model");
        assertThat(api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "cross", "replyTo", aside)).status()).isEqualTo(400);
        // someone outside learns nothing: 404 whether or not the message exists
        assertThat(api.post(carol, "/messages/send", Map.of("conversationId", chat, "body", "hi", "replyTo", question)).status()).isEqualTo(404);
        assertThat(api.post(carol, "/messages/send", Map.of("conversationId", chat, "body", "hi", "replyTo", "m-none")).status()).isEqualTo(404);
    }

    private static ServerSentEvent<String> nextChange(EventStream events) throws InterruptedException {
        while (true) {
            ServerSentEvent<String> event = events.received().poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(event).as("another change on the stream").isNotNull();
            if (!event.event().startsWith("receipt.")) {
                return event;
            }
        }
    }

    private static long unread(ApiClient api, User user, String conversationId) {
        for (JsonNode c : api.get(user, "/conversations").body().get("conversations")) {
            if (c.get("conversationId").asText().equals(conversationId)) {
                return c.get("unreadCount").asLong();
            }
        }
        return -1;
    }

    private static JsonNode receiptOf(JsonNode receipts, String userId) {
        for (JsonNode r : receipts.get("receipts")) {
            if (r.get("userId").asText().equals(userId)) {
                return r;
            }
        }
        return null;
    }

    private static JsonNode historyItem(ApiClient api, User user, String conversationId, long seq) {
        JsonNode page = api.get(user, "/messages/history?conversation_id=" + conversationId + "&after=" + (seq - 1) + "&limit=1").body();
        return page.get("messages").get(0);
    }
}
