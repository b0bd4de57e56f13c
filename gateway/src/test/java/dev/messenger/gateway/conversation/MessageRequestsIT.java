package dev.messenger.gateway.conversation;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stranger's first chat is a message request: apart from the inbox, silent, receipt-less until accepted; declined with a block and a report. */
class MessageRequestsIT extends GatewayIntegrationTest {

    @Test
    void aStrangersChatWaitsInTheRequestsUntilAccepted() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.messageRequest(alice, bob);
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "hi, we met at the conference")).status())
                .isEqualTo(201);

        // the request shows as soon as the chat starts; its preview follows when the message is projected
        eventually(() -> ids(api.get(bob, "/conversations/requests").body()).equals(List.of(chat))
                && api.get(bob, "/conversations/requests").body().get("conversations").get(0).path("lastMessage").has("preview"),
                "bob's request with its preview");
        JsonNode request = api.get(bob, "/conversations/requests").body().get("conversations").get(0);
        assertThat(request.get("request").asBoolean()).isTrue();
        assertThat(request.get("unreadCount").asLong()).isZero();
        assertThat(request.get("lastMessage").get("preview").asText()).isEqualTo("hi, we met at the conference");
        assertThat(ids(api.get(bob, "/conversations").body())).doesNotContain(chat);
        eventually(() -> ids(api.get(alice, "/conversations").body()).contains(chat), "alice's inbox");
        assertThat(api.get(alice, "/conversations").body().get("conversations").get(0).get("request").asBoolean()).isTrue();
        // bob may read it; alice learns nothing of it
        assertThat(api.get(bob, "/messages/history?conversation_id=" + chat).status()).isEqualTo(200);
        assertThat(api.post(bob, "/messages/read", Map.of("conversationId", chat, "upToSeq", 1)).status()).isEqualTo(204);
        assertThat(readUpTo(api, alice, chat, bob)).isZero();
        // someone else's request is nobody else's to answer
        User outsider = api.signUp("outsider");
        assertThat(api.post(outsider, "/conversations/" + chat + "/accept", Map.of()).status()).isEqualTo(404);
        assertThat(api.post(alice, "/conversations/" + chat + "/decline", Map.of()).status()).isEqualTo(409);

        // accepted: into bob's inbox, a request no more on either side, and reads are receipts
        assertThat(api.post(bob, "/conversations/" + chat + "/accept", Map.of()).status()).isEqualTo(204);
        assertThat(api.post(bob, "/conversations/" + chat + "/accept", Map.of()).status()).isEqualTo(204);
        eventually(() -> ids(api.get(bob, "/conversations").body()).contains(chat), "bob's inbox");
        assertThat(ids(api.get(bob, "/conversations/requests").body())).isEmpty();
        eventually(() -> !api.get(alice, "/conversations").body().get("conversations").get(0).get("request").asBoolean(), "no request");
        assertThat(api.post(bob, "/messages/read", Map.of("conversationId", chat, "upToSeq", 1)).status()).isEqualTo(204);
        eventually(() -> readUpTo(api, alice, chat, bob) == 1, "bob's read receipt");

        // people who share a group know each other: no request
        User carol = api.signUp("carol");
        String group = api.post(carol, "/conversations", Map.of("type", "group", "title", "Book club", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        eventually(() -> ids(api.get(bob, "/conversations").body()).contains(group), "the group in bob's inbox");
        String acquainted = api.messageRequest(carol, bob);
        eventually(() -> ids(api.get(bob, "/conversations").body()).contains(acquainted), "carol's chat straight in bob's inbox");
        assertThat(ids(api.get(bob, "/conversations/requests").body())).isEmpty();
    }

    @Test
    void aDeclinedRequestGoesAwayAndCanBlockAndReportItsSender() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User bob = api.signUp("bob");
        User spammer = api.signUp("spammer");
        String chat = api.messageRequest(spammer, bob);
        api.post(spammer, "/messages/send", Map.of("conversationId", chat, "body", "win a prize"));
        eventually(() -> ids(api.get(bob, "/conversations/requests").body()).equals(List.of(chat)), "bob's requests");

        assertThat(api.post(bob, "/conversations/" + chat + "/decline", Map.of("block", true, "report", true)).status()).isEqualTo(204);
        eventually(() -> ids(api.get(bob, "/conversations/requests").body()).isEmpty(), "the request gone");
        assertThat(ids(api.get(bob, "/conversations").body())).doesNotContain(chat);
        Response blocked = api.post(spammer, "/messages/send", Map.of("conversationId", chat, "body", "hello?"));
        assertThat(blocked.status()).isEqualTo(403);
        eventually(() -> api.get(admin, "/admin/reports?limit=100").body().toString().contains(chat), "the report");
        JsonNode report = null;
        for (JsonNode r : api.get(admin, "/admin/reports?limit=100").body().get("reports")) {
            if (r.get("conversationId").asText().equals(chat)) {
                report = r;
            }
        }
        assertThat(report.get("reportedUserId").asText()).isEqualTo(spammer.userId());
        assertThat(report.get("reason").asText()).isEqualTo("unwanted message request");
    }

    private static List<String> ids(JsonNode inbox) {
        List<String> ids = new ArrayList<>();
        inbox.get("conversations").forEach(c -> ids.add(c.get("conversationId").asText()));
        return ids;
    }

    private static long readUpTo(ApiClient api, User viewer, String conversationId, User of) {
        for (JsonNode r : api.get(viewer, "/conversations/" + conversationId + "/receipts").body().get("receipts")) {
            if (r.get("userId").asText().equals(of.userId())) {
                return r.path("readUpTo").asLong(0);
            }
        }
        return 0;
    }
}
