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
