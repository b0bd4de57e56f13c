package dev.messenger.gateway.media;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding: a copy of a message one can see, with its file, into another conversation one is in, marked forwarded;
 * its members may then read the file too. Lives with media because the file's access follows the forward.
 */
class ForwardingIT extends GatewayIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aForwardCopiesTheCurrentBodyAndFileIntoAnotherConversation() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String direct = api.directChat(alice, bob);
        String group = api.post(bob, "/conversations", Map.of("type", "group", "title", "Team", "participants", List.of(carol.userId())))
                .body().get("conversationId").asText();
        String photo = json(new String(upload(alice, MediaIT.image(320, 240, "png")).body(), java.nio.charset.StandardCharsets.UTF_8))
                .get("mediaId").asText();
        String original = api.post(alice, "/messages/send", Map.of("conversationId", direct, "body", "the plan", "mediaId", photo))
                .body().get("messageId").asText();
        // an edit names the message by id, which the history read model answers once it has the message
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + direct).body().get("messages").size() == 1, "history");
        assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", direct, "messageId", original, "body", "the final plan"))
                .status()).isEqualTo(204);
        eventually(() -> "the final plan".equals(api.get(bob, "/messages/history?conversation_id=" + direct).body()
                .get("messages").get(0).get("body").asText()), "the edit is in history");
        // carol is not in the direct chat: she cannot see its file
        assertThat(download(carol, photo)).isEqualTo(404);

        Map<String, String> forward = Map.of("fromConversationId", direct, "messageId", original, "toConversationId", group,
                "clientMessageId", "fwd-1");
        Response forwarded = api.post(bob, "/messages/forward", forward);
        assertThat(forwarded.status()).isEqualTo(201);
        assertThat(forwarded.body().get("conversationId").asText()).isEqualTo(group);
        Response retried = api.post(bob, "/messages/forward", forward);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("messageId")).isEqualTo(forwarded.body().get("messageId"));

        eventually(() -> api.get(carol, "/messages/history?conversation_id=" + group).body().get("messages").size() == 1, "the copy");
        JsonNode copy = api.get(carol, "/messages/history?conversation_id=" + group).body().get("messages").get(0);
        assertThat(copy.get("body").asText()).isEqualTo("the final plan");
        assertThat(copy.get("forwarded").asBoolean()).isTrue();
        assertThat(copy.get("senderId").asText()).isEqualTo(bob.userId());
        assertThat(copy.get("media").get("mediaId").asText()).isEqualTo(photo);
        assertThat(copy.toString()).doesNotContain(direct).doesNotContain(original);
        eventually(() -> download(carol, photo) == 200, "carol may read the forwarded file");
        JsonNode streamed = null;
        for (JsonNode event : api.get(carol, "/sync?since=0").body().get("events")) {
            if ("message.sent".equals(event.get("event").asText())) {
                streamed = event.get("data");
            }
        }
        assertThat(streamed).isNotNull();
        assertThat(streamed.get("forwarded").asBoolean()).isTrue();
        assertThat(api.get(alice, "/messages/history?conversation_id=" + direct).body().get("messages").get(0).has("forwarded")).isFalse();
    }

    @Test
    void onlyWhatOneCanSeeGoesOnlyWhereOneIs() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String direct = api.directChat(alice, bob);
        String withCarol = api.directChat(alice, carol);
        String secret = api.post(alice, "/messages/send", Map.of("conversationId", direct, "body", "between us"))
                .body().get("messageId").asText();
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + direct).body().get("messages").size() == 1, "history");

        // carol is not in the chat the message is in
        Response outsider = api.post(carol, "/messages/forward", Map.of("fromConversationId", direct, "messageId", secret,
                "toConversationId", withCarol));
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.headers().getContentType().toString()).isEqualTo("application/problem+json");
        // bob is not in the chat he forwards to
        assertThat(api.post(bob, "/messages/forward", Map.of("fromConversationId", direct, "messageId", secret,
                "toConversationId", withCarol)).status()).isEqualTo(404);
        // a message of another conversation, an unknown one, and a deleted one
        assertThat(api.post(alice, "/messages/forward", Map.of("fromConversationId", withCarol, "messageId", secret,
                "toConversationId", direct)).status()).isEqualTo(404);
        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", direct, "messageId", secret)).status()).isEqualTo(204);
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + direct).body().get("messages").get(0)
                .get("deleted").asBoolean(), "deleted in history");
        assertThat(api.post(alice, "/messages/forward", Map.of("fromConversationId", direct, "messageId", secret,
                "toConversationId", withCarol)).status()).isEqualTo(404);
        assertThat(api.post(alice, "/messages/forward", Map.of("fromConversationId", direct, "messageId", "x".repeat(200),
                "toConversationId", withCarol)).status()).isEqualTo(400);
        assertThat(api.get(carol, "/messages/history?conversation_id=" + withCarol).body().get("messages")).isEmpty();
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<byte[]> upload(User user, byte[] png) {
        return send(HttpRequest.newBuilder(uri("/media")).header("Authorization", user.bearer()).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
    }

    private int download(User user, String mediaId) {
        return send(HttpRequest.newBuilder(uri("/media/" + mediaId)).header("Authorization", user.bearer()).GET().build()).statusCode();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
