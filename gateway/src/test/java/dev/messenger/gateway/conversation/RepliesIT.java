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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replies as people see them: a reply quotes a message of its own conversation, and history, the live stream, its
 * replay and search show what it quotes as that message is now: edited, or deleted with its text gone.
 */
class RepliesIT extends GatewayIntegrationTest {

    @Test
    void aReplyShowsTheQuotedMessageAsItIsNowEverywhere() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        long base = feedBase();
        eventually(() -> api.get(bob, "/sync?since=0").body().get("next").asLong() == base + 2, "bob's feed has the conversation and its acceptance");
        String quoted = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "lunch at the pagoda on friday?"))
                .body().get("messageId").asText();
        eventually(() -> historyItem(api, bob, chat, 1) != null, "the first message is in history");

        JsonNode reply;
        try (EventStream aliceEvents = api.openEvents(alice, String.valueOf(base + 2))) {
            Response sent = api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "yes, noon", "replyTo", quoted));
            assertThat(sent.status()).isEqualTo(201);
            aliceEvents.next("message.sent");
            reply = json(aliceEvents.next("message.sent").data());
        }
        // live: the quoted text as it was when the reply was delivered
        assertThat(reply.get("replyTo").asText()).isEqualTo(quoted);
        assertThat(reply.get("replyPreview").get("messageId").asText()).isEqualTo(quoted);
        assertThat(reply.get("replyPreview").get("seq").asLong()).isEqualTo(1);
        assertThat(reply.get("replyPreview").get("senderId").asText()).isEqualTo(alice.userId());
        assertThat(reply.get("replyPreview").get("preview").asText()).isEqualTo("lunch at the pagoda on friday?");
        assertThat(reply.get("replyPreview").get("deleted").asBoolean()).isFalse();

        // history and search: the same preview
        eventually(() -> historyItem(api, alice, chat, 2) != null, "the reply is in history");
        assertThat(historyItem(api, alice, chat, 2).get("replyPreview").get("preview").asText()).isEqualTo("lunch at the pagoda on friday?");
        assertThat(historyItem(api, alice, chat, 1).has("replyPreview")).isFalse();
        eventually(() -> search(api, alice, "noon").size() == 1, "the reply is searchable");
        assertThat(search(api, alice, "noon").get(0).get("replyPreview").get("preview").asText()).isEqualTo("lunch at the pagoda on friday?");

        // an edit shows in every reply's preview: history, search, and the stream's replay
        assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", quoted, "body", "lunch at noon?"))
                .status()).isEqualTo(204);
        eventually(() -> "lunch at noon?".equals(historyItem(api, bob, chat, 2).get("replyPreview").get("preview").asText()),
                "history's preview shows the edit");
        assertThat(search(api, alice, "noon").get(0).get("replyPreview").get("preview").asText()).isEqualTo("lunch at noon?");
        eventually(() -> "lunch at noon?".equals(replayedReply(api, alice, base).get("replyPreview").get("preview").asText()),
                "the replay's preview shows the edit");

        // a delete takes the quoted text out of every preview
        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", quoted)).status()).isEqualTo(204);
        eventually(() -> historyItem(api, bob, chat, 2).get("replyPreview").get("deleted").asBoolean(), "history shows it deleted");
        assertThat(historyItem(api, bob, chat, 2).get("replyPreview").get("preview").isNull()).isTrue();
        eventually(() -> replayedReply(api, bob, base).get("replyPreview").get("deleted").asBoolean(), "the replay shows it deleted");
        assertThat(replayedReply(api, bob, base).toString()).doesNotContain("pagoda").doesNotContain("lunch");
        assertThat(search(api, bob, "noon").get(0).get("replyPreview").get("deleted").asBoolean()).isTrue();
        assertThat(api.get(bob, "/messages/history?conversation_id=" + chat).body().toString()).doesNotContain("lunch");

        // a reply to a deleted message is still a reply, shown as quoting a deleted one
        Response toDeleted = api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "never mind", "replyTo", quoted));
        assertThat(toDeleted.status()).isEqualTo(201);
        eventually(() -> historyItem(api, alice, chat, 3) != null, "the third message is in history");
        assertThat(historyItem(api, alice, chat, 3).get("replyPreview").get("deleted").asBoolean()).isTrue();
    }

    @Test
    void aReplyQuotesOnlyAMessageOfItsOwnConversation() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String chat = api.directChat(alice, bob);
        String other = api.directChat(alice, carol);
        String elsewhere = api.post(alice, "/messages/send", Map.of("conversationId", other, "body", "for carol only"))
                .body().get("messageId").asText();
        eventually(() -> historyItem(api, alice, other, 1) != null, "carol's message is in history");

        Response wrong = api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "what is this", "replyTo", elsewhere));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.headers().getContentType().toString()).isEqualTo("application/problem+json");
        Response unknown = api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "hm", "replyTo", "m-nothing"));
        assertThat(unknown.status()).isEqualTo(400);
        // someone outside the conversation learns nothing, whatever the reply names
        Response stranger = api.post(carol, "/messages/send", Map.of("conversationId", chat, "body", "hi", "replyTo", elsewhere));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages")).isEmpty();
    }

    private static JsonNode historyItem(ApiClient api, User user, String chat, long seq) {
        for (JsonNode message : api.get(user, "/messages/history?conversation_id=" + chat).body().get("messages")) {
            if (message.get("seq").asLong() == seq) {
                return message;
            }
        }
        return null;
    }

    private static JsonNode search(ApiClient api, User user, String q) {
        Response found = api.get(user, "/messages/search?q=" + q);
        return found.status() == 200 ? found.body().get("hits") : json("[]");
    }

    /** The reply (seq 2) as a replay of the user's feed shows it. */
    private static JsonNode replayedReply(ApiClient api, User user, long base) {
        for (JsonNode event : api.get(user, "/sync?since=" + base).body().get("events")) {
            if ("message.sent".equals(event.get("event").asText())) {
                JsonNode data = json(event.get("data").toString());
                if (data.get("seq").asLong() == 2) {
                    return data;
                }
            }
        }
        throw new AssertionError("no reply in the feed");
    }

}
