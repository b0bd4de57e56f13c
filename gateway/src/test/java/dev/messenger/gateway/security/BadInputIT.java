package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear 4xx problem+json, never a 500. */
class BadInputIT extends GatewayIntegrationTest {

    private ApiClient api;
    private User alice;
    private String directId;

    @BeforeEach
    void conversation() {
        api = api();
        alice = api.signUp("alice");
        User bob = api.signUp("bob");
        directId = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
    }

    @Test
    void emptyBodyIsRejected() {
        assertProblem(api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "  ")), 400);
    }

    @Test
    void bodyOverTheLimitIsRejected() {
        assertProblem(api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", "x".repeat(4001))), 400);
    }

    @Test
    void malformedJsonIsRejected() {
        assertProblem(api.postRaw(alice, "/messages/send", "{\"conversationId\": "), 400);
    }

    @Test
    void aValueOfTheWrongTypeIsRejectedWithItsField() {
        Response number = api.post(alice, "/messages/send", Map.of("conversationId", directId, "body", 42));
        assertProblem(number, 400);
        assertThat(number.body().get("detail").asText()).contains("body");
        Response text = api.postRaw(alice, "/messages/read", "{\"conversationId\":\"" + directId + "\",\"upToSeq\":\"1\"}");
        assertProblem(text, 400);
        assertThat(text.body().get("detail").asText()).contains("upToSeq");
    }

    /** PostgreSQL cannot hold a NUL character: wherever one reaches it, the answer is a 4xx (found by HostileInputIT). */
    @Test
    void aNulCharacterIsRefusedNotAServerError() {
        assertProblem(api.delete(alice, "/push/subscriptions?endpoint=%00"), 400);
        Response lookup = api.getExact(alice, "/users/lookup?username=%00");
        assertThat(lookup.status()).isBetween(400, 499);
        assertProblem(api.getExact(alice, "/users/search?q=ab%00c"), 400);
        Response register = api.post(null, "/auth/register", Map.of("username", "nul_" + System.nanoTime() % 100000, "password", "long enough pw",
                "displayName", "a\u0000b"));
        assertThat(register.status()).isBetween(400, 499);
    }

    @Test
    void unknownConversationIsNotFound() {
        assertProblem(api.post(alice, "/messages/send", Map.of("conversationId", "g-unknown", "body", "hi")), 404);
        assertProblem(api.get(alice, "/messages/history?conversation_id=g-unknown"), 404);
    }

    @Test
    void directConversationWithAnUnknownUserIsRejected() {
        assertProblem(api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of("u-nobody"))), 400);
    }

    @Test
    void unknownConversationTypeIsRejectedWithItsField() {
        Response response = api.post(alice, "/conversations", Map.of("type", "channel", "participants", List.of()));
        assertProblem(response, 400);
        assertThat(response.body().get("errors").get(0).get("field").asText()).isEqualTo("type");
    }

    @Test
    void historyLimitOutOfRangeIsRejected() {
        assertProblem(api.get(alice, "/messages/history?conversation_id=" + directId + "&limit=500"), 400);
        assertProblem(api.get(alice, "/messages/history?conversation_id=" + directId + "&before=abc"), 400);
    }

    @Test
    void foreignInboxCursorIsRejected() {
        assertProblem(api.get(alice, "/conversations?before=%%%"), 400);
    }

    @Test
    void feedPositionMustBeANumber() {
        assertProblem(api.get(alice, "/sync?since=yesterday"), 400);
    }

    @Test
    void overlongIdempotencyKeyIsRejected() {
        assertProblem(api.postWithHeader(alice, "/messages/send", Map.of("conversationId", directId, "body", "hi"),
                "Idempotency-Key", "k".repeat(129)), 400);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        assertThat(response.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.body().get("type").asText()).startsWith("https://messenger.dev/problems/");
        assertThat(response.body().toString()).doesNotContain("Exception").doesNotContain("at dev.");
    }
}
