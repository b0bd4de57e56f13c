package dev.messenger.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.SignedIn;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Sign-in sessions: rotating refresh tokens with reuse detection, listing and signing out, password and profile changes. */
class SessionsIT extends GatewayIntegrationTest {

    @Test
    void aRefreshTokenGivesTheNextPairOnceAndASecondUseSignsTheSessionOut() {
        ApiClient api = api();
        SignedIn laptop = api.signIn(api.signUp("rita"), "laptop");

        Response renewed = api.post(null, "/auth/refresh", Map.of("refresh_token", laptop.refreshToken()));
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.body().get("token_type").asText()).isEqualTo("Bearer");
        String nextRefresh = renewed.body().get("refresh_token").asText();
        assertThat(nextRefresh).isNotEqualTo(laptop.refreshToken()).startsWith(laptop.sessionId() + ".");
        User renewedUser = new User(laptop.user().userId(), laptop.user().username(), renewed.body().get("access_token").asText());
        assertThat(api.get(renewedUser, "/users/me").status()).isEqualTo(200);

        // the first token again: copied, so the whole session ends, its newest tokens included
        Response reused = api.post(null, "/auth/refresh", Map.of("refresh_token", laptop.refreshToken()));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body().get("type").asText()).endsWith("/refresh-token-reused");
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", nextRefresh)).status()).isEqualTo(401);
        assertThat(api.get(renewedUser, "/users/me").status()).isEqualTo(401);
        assertThat(api.get(laptop.user(), "/users/me").status()).isEqualTo(401);
    }

    @Test
    void aMadeUpOrMalformedRefreshTokenIs401AndAnOversizedOne400() {
        ApiClient api = api();
        SignedIn phone = api.signIn(api.signUp("sam"), "phone");
        for (String token : List.of(phone.sessionId() + ".not-the-secret", "s-unknown.abc", "no-dot", ".", phone.sessionId() + ".")) {
            Response answer = api.post(null, "/auth/refresh", Map.of("refresh_token", token));
            assertThat(answer.status()).as(token).isEqualTo(401);
            assertThat(answer.body().get("type").asText()).endsWith("/invalid-refresh-token");
        }
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(api.post(null, "/auth/refresh", Map.of()).status()).isEqualTo(400);
        // guessing did not end the session
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", phone.refreshToken())).status()).isEqualTo(200);
    }

    @Test
    void aSessionSignedOutFromAnotherLosesItsTokensItsRefreshAndItsStream() throws Exception {
        ApiClient api = api();
        User tom = api.signUp("tom");
        SignedIn phone = api.signIn(tom, "Phone/1.0");
        SignedIn laptop = api.signIn(tom, "Laptop/2.0");

        JsonNode listed = api.get(laptop.user(), "/sessions").body().get("sessions");
        JsonNode phoneSession = find(listed, phone.sessionId());
        assertThat(phoneSession.get("userAgent").asText()).isEqualTo("Phone/1.0");
        assertThat(phoneSession.get("current").asBoolean()).isFalse();
        assertThat(find(listed, laptop.sessionId()).get("current").asBoolean()).isTrue();
        assertThat(phoneSession.get("createdAt").asText()).isNotBlank();
        assertThat(phoneSession.get("lastUsedAt").asText()).isNotBlank();

        try (ApiClient.EventStream stream = api.openEvents(phone.user(), null)) {
            assertThat(stream.ended()).isNotDone();
            assertThat(api.delete(laptop.user(), "/sessions/" + phone.sessionId()).status()).isEqualTo(204);
            stream.ended().get(5, TimeUnit.SECONDS);
        }
        assertThat(api.get(phone.user(), "/users/me").status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", phone.refreshToken())).status()).isEqualTo(401);
        assertThat(api.get(laptop.user(), "/users/me").status()).isEqualTo(200);
        assertThat(ids(api.get(laptop.user(), "/sessions").body().get("sessions"))).doesNotContain(phone.sessionId())
                .contains(laptop.sessionId());
    }

    @Test
    void anotherAccountsSessionIsNotFoundAndStaysSignedIn() {
        ApiClient api = api();
        SignedIn alice = api.signIn(api.signUp("alice"), "a");
        User mallory = api.signUp("mallory");
        assertThat(api.delete(mallory, "/sessions/" + alice.sessionId()).status()).isEqualTo(404);
        assertThat(api.delete(mallory, "/sessions/s-no-such-session").status()).isEqualTo(404);
        assertThat(api.get(alice.user(), "/users/me").status()).isEqualTo(200);
        assertThat(ids(api.get(mallory, "/sessions").body().get("sessions"))).doesNotContain(alice.sessionId());
    }

    @Test
    void logoutEndsThisSessionAndSigningOutEverywhereElseKeepsOnlyThisOne() {
        ApiClient api = api();
        User uma = api.signUp("uma");
        SignedIn one = api.signIn(uma, "one");
        SignedIn two = api.signIn(uma, "two");
        SignedIn three = api.signIn(uma, "three");

        assertThat(api.post(one.user(), "/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(api.get(one.user(), "/users/me").status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", one.refreshToken())).status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/logout", Map.of()).status()).as("signing out needs the session's token").isEqualTo(401);

        assertThat(api.delete(three.user(), "/sessions").status()).isEqualTo(204);
        assertThat(api.get(two.user(), "/users/me").status()).isEqualTo(401);
        assertThat(api.get(uma, "/users/me").status()).as("the sign-up's own session too").isEqualTo(401);
        assertThat(api.get(three.user(), "/users/me").status()).isEqualTo(200);
        assertThat(ids(api.get(three.user(), "/sessions").body().get("sessions"))).containsExactly(three.sessionId());
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndSignsOutEveryOtherSession() {
        ApiClient api = api();
        User vic = api.signUp("vic");
        SignedIn other = api.signIn(vic, "other");
        SignedIn here = api.signIn(vic, "here");

        Response wrong = api.put(here.user(), "/users/me/password", Map.of("currentPassword", "not it at all", "newPassword", "battery staple"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body().get("type").asText()).endsWith("/wrong-password");
        assertThat(api.put(here.user(), "/users/me/password", Map.of("currentPassword", "correct horse", "newPassword", "short"))
                .status()).isEqualTo(400);
        assertThat(api.get(other.user(), "/users/me").status()).as("a refused change signs no one out").isEqualTo(200);

        assertThat(api.put(here.user(), "/users/me/password", Map.of("currentPassword", "correct horse", "newPassword", "battery staple"))
                .status()).isEqualTo(204);
        assertThat(api.get(other.user(), "/users/me").status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/refresh", Map.of("refresh_token", other.refreshToken())).status()).isEqualTo(401);
        assertThat(api.get(here.user(), "/users/me").status()).isEqualTo(200);
        assertThat(api.post(null, "/auth/token", Map.of("username", vic.username(), "password", "correct horse")).status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/token", Map.of("username", vic.username(), "password", "battery staple")).status()).isEqualTo(200);
    }

    @Test
    void theDisplayNameCanBeChangedWithinItsBounds() {
        ApiClient api = api();
        User wes = api.signUp("wes");
        assertThat(api.patch(wes, "/users/me", Map.of("displayName", "  Wes Anderson ")).status()).isEqualTo(204);
        assertThat(api.get(wes, "/users/me").body().get("displayName").asText()).isEqualTo("Wes Anderson");
        assertThat(api.get(wes, "/users/lookup?username=" + wes.username()).body().get("displayName").asText()).isEqualTo("Wes Anderson");
        assertThat(api.patch(wes, "/users/me", Map.of("displayName", " ")).status()).isEqualTo(400);
        assertThat(api.patch(wes, "/users/me", Map.of("displayName", "x".repeat(101))).status()).isEqualTo(400);
        assertThat(api.patch(wes, "/users/me", Map.of()).status()).isEqualTo(400);
        assertThat(api.get(wes, "/users/me").body().get("displayName").asText()).isEqualTo("Wes Anderson");
    }

    private static JsonNode find(JsonNode sessions, String sessionId) {
        return StreamSupport.stream(sessions.spliterator(), false).filter(s -> s.get("sessionId").asText().equals(sessionId))
                .findFirst().orElseThrow(() -> new AssertionError("no session " + sessionId + " in " + sessions));
    }

    private static List<String> ids(JsonNode sessions) {
        return StreamSupport.stream(sessions.spliterator(), false).map(s -> s.get("sessionId").asText()).toList();
    }
}
