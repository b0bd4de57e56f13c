package dev.messenger.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AccountsAndTokensIT extends GatewayIntegrationTest {

    @Autowired
    RSAKey tokenSigningKey;

    @Test
    void registeredUserGetsATokenAndSeesThemself() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        Response me = api.get(alice, "/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("userId").asText()).isEqualTo(alice.userId());
        assertThat(me.body().get("privacy").get("readReceipts").asBoolean()).isTrue();
        Response found = api.get(alice, "/users/lookup?username=" + alice.username());
        assertThat(found.body().get("userId").asText()).isEqualTo(alice.userId());
        assertThat(found.body().has("passwordHash")).isFalse();
    }

    @Test
    void takenUsernameIsAConflict() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        Response again = api.post(null, "/auth/register", Map.of("username", alice.username(), "password", "another password", "displayName", "A"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.headers().getContentType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void invalidRegistrationListsEachBadField() {
        Response bad = api().post(null, "/auth/register", Map.of("username", "No Way!", "password", "short", "displayName", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("username", "password", "displayName");
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        assertThat(api.post(null, "/auth/token", Map.of("username", alice.username(), "password", "not the password")).status()).isEqualTo(401);
        assertThat(api.post(null, "/auth/token", Map.of("username", "nobody_here", "password", "not the password")).status()).isEqualTo(401);
    }

    @Test
    void unknownUsernameLookupIsNotFound() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        assertThat(api.get(alice, "/users/lookup?username=nobody_at_all").status()).isEqualTo(404);
    }

    @Test
    void profilesByIdNameTheUsersAndLeaveOutUnknownIds() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        Response found = api.get(alice, "/users?ids=" + alice.userId() + "," + bob.userId() + ",u-nobody");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("users").findValuesAsText("userId")).containsExactlyInAnyOrder(alice.userId(), bob.userId());
        assertThat(found.body().get("users").findValuesAsText("username")).containsExactlyInAnyOrder(alice.username(), bob.username());
        assertThat(found.body().get("users").findValuesAsText("displayName")).containsExactlyInAnyOrder("alice", "bob");
        assertThat(found.body().toString()).doesNotContain("password");
    }

    @Test
    void profilesOfNoneOrOverAHundredIdsAreABadRequest() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        String tooMany = String.join(",", java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(i -> "u-" + i).toList());
        for (String ids : new String[] {tooMany, ",,", ""}) {
            Response refused = api.get(alice, "/users?ids=" + ids);
            assertThat(refused.status()).as(ids).isEqualTo(400);
            assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void peopleAreFoundByTheStartOfTheirNameButNotThoseWhoBlockTheSeekerNorDeletedAccounts() {
        ApiClient api = api();
        String tag = "zq" + java.util.UUID.randomUUID().toString().substring(0, 6);
        User seeker = api.signUp("seeker");
        User tom = api.signUp(tag + "tom");
        User tina = api.signUp(tag + "tina");
        User ted = api.signUp(tag + "ted");
        User tobi = api.signUp(tag + "tobi");
        assertThat(api.patch(tina, "/users/me", Map.of("displayName", "Zed-" + tag)).status()).isEqualTo(204);
        assertThat(api.post(ted, "/users/block", Map.of("userId", seeker.userId())).status()).isEqualTo(204);
        assertThat(api.delete(tobi, "/users/me", Map.of("password", "correct horse")).status()).isEqualTo(202);

        ApiClient.eventually(() -> !usernames(api, seeker, tag + "t").contains(ted.username()), "the blocker out of the answers");
        assertThat(usernames(api, seeker, tag + "t")).containsExactly(tina.username(), tom.username());
        assertThat(usernames(api, seeker, tag.toUpperCase() + "TO")).as("any case; the deleted account left out").containsExactly(tom.username());
        assertThat(usernames(api, seeker, "zed-" + tag)).as("by display name").containsExactly(tina.username());
        assertThat(usernames(api, tom, tom.username())).as("never the caller").isEmpty();
        assertThat(usernames(api, seeker, "___")).as("LIKE's wildcards are characters like any other").isEmpty();
        assertThat(api.get(ted, "/users/search?q=" + tag + "t").body().get("users").findValuesAsText("username"))
                .as("the blocker still finds whom it blocks").contains(tom.username());

        for (String refused : new String[] {"/users/search?q=zq", "/users/search?q=" + "x".repeat(65), "/users/search?q=abc&limit=21",
                "/users/search?q=abc&limit=0"}) {
            Response answer = api.get(seeker, refused);
            assertThat(answer.status()).as(refused).isEqualTo(400);
            assertThat(answer.headers().getContentType().toString()).isEqualTo("application/problem+json");
        }
        assertThat(api.get(null, "/users/search?q=" + tag).status()).isEqualTo(401);
    }

    private static java.util.List<String> usernames(ApiClient api, User caller, String q) {
        Response found = api.get(caller, "/users/search?q=" + q);
        assertThat(found.status()).isEqualTo(200);
        return found.body().get("users").findValuesAsText("username");
    }

    /** EventSource cannot send headers: /events alone takes the token from the query, every other endpoint ignores it. */
    @Test
    void aTokenInTheQueryOpensTheEventStreamAndNothingElse() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        var events = org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port).get()
                .uri(u -> u.path("/events").queryParam("access_token", bob.token()).build())
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new org.springframework.core.ParameterizedTypeReference<
                        org.springframework.http.codec.ServerSentEvent<String>>() { })
                .filter(event -> "conversation.created".equals(event.event()))
                .next()
                .toFuture();
        // the stream starts at the present: a new group each time until one arrives on it
        ApiClient.eventually(() -> {
            if (!events.isDone()) {
                api.post(alice, "/conversations", Map.of("type", "group", "title", "query token", "participants",
                        java.util.List.of(bob.userId())));
            }
            try {
                return events.get(2, java.util.concurrent.TimeUnit.SECONDS) != null;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "conversation.created on the stream opened with a query token");

        assertThat(api.get(null, "/users/me?access_token=" + bob.token()).status()).isEqualTo(401);
        assertThat(api.get(null, "/sync?since=0&access_token=" + bob.token()).status()).isEqualTo(401);
        assertThat(api.get(null, "/events?access_token=not.a.jwt").status()).isEqualTo(401);
    }

    @Test
    void missingTokenIsUnauthorized() {
        Response response = api().get(null, "/users/me");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void malformedTokenIsUnauthorized() {
        assertThat(api().getWithToken("Bearer not.a.jwt", "/users/me").status()).isEqualTo(401);
    }

    @Test
    void tokenSignedByAnotherKeyIsUnauthorized() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        assertThat(api().getWithToken("Bearer " + sign(stranger, claims(Instant.now().plusSeconds(600))), "/users/me").status()).isEqualTo(401);
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        String expired = sign(tokenSigningKey, claims(Instant.now().minusSeconds(3600)));
        assertThat(api().getWithToken("Bearer " + expired, "/users/me").status()).isEqualTo(401);
    }

    @Test
    void unsignedTokenIsUnauthorized() {
        String none = new PlainJWT(claims(Instant.now().plusSeconds(600))).serialize();
        assertThat(api().getWithToken("Bearer " + none, "/users/me").status()).isEqualTo(401);
    }

    @Test
    void tokenForAnotherAudienceIsUnauthorized() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(Instant.now().plusSeconds(600))).audience("someone-else").build();
        assertThat(api().getWithToken("Bearer " + sign(tokenSigningKey, claims), "/users/me").status()).isEqualTo(401);
    }

    @Test
    void tokenFromAnotherIssuerIsUnauthorized() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(Instant.now().plusSeconds(600))).issuer("someone-else").build();
        assertThat(api().getWithToken("Bearer " + sign(tokenSigningKey, claims), "/users/me").status()).isEqualTo(401);
    }

    /** Algorithm confusion: an HMAC token keyed with the gateway's public key must not pass as RS256. */
    @Test
    void tokenSignedWithHmacOverThePublicKeyIsUnauthorized() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(Instant.now().plusSeconds(600)));
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(tokenSigningKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertThat(api().getWithToken("Bearer " + jwt.serialize(), "/users/me").status()).isEqualTo(401);
    }

    @Test
    void tokenSignedByTheGatewayKeyIsAccepted() throws Exception {
        User alice = api().signUp("alice");
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(Instant.now().plusSeconds(600))).subject(alice.userId()).build();
        assertThat(api().getWithToken("Bearer " + sign(tokenSigningKey, claims), "/users/me").status()).isEqualTo(200);
    }

    private static JWTClaimsSet claims(Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer("messenger")
                .audience("messenger-api")
                .subject("u-someone")
                .issueTime(Date.from(expiresAt.minusSeconds(7200)))
                .expirationTime(Date.from(expiresAt))
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
