package dev.messenger.gateway.security;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Rate limits on a gateway configured with low ones. */
class RateLimitIT extends GatewayIntegrationTest {

    @Autowired
    RedissonClient redis;

    @DynamicPropertySource
    static void lowLimits(DynamicPropertyRegistry registry) {
        registry.add("messenger.rate-limits.send.permits", () -> "3");
        registry.add("messenger.rate-limits.send.per", () -> "3s");
        registry.add("messenger.rate-limits.search.permits", () -> "2");
        registry.add("messenger.rate-limits.search.per", () -> "1m");
        registry.add("messenger.rate-limits.login-username.permits", () -> "3");
        registry.add("messenger.rate-limits.login-username.per", () -> "1m");
        registry.add("messenger.rate-limits.lookup.permits", () -> "2");
        registry.add("messenger.rate-limits.lookup.per", () -> "1m");
        // the test client connects from loopback, as an ingress would: its X-Forwarded-For is believed
        registry.add("messenger.trusted-proxies", () -> "127.0.0.1,::1");
    }

    @Test
    void operationsWithoutALimitOfTheirOwnAreLimitedPerUser() {
        ApiClient api = api();
        User dave = api.signUp("dave");
        User erin = api.signUp("erin");
        String lookup = "/users/lookup?username=" + erin.username();
        assertThat(api.get(dave, lookup).status()).isEqualTo(200);
        assertThat(api.get(dave, lookup).status()).isEqualTo(200);
        Response limited = api.get(dave, lookup);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(limited.headers().getFirst("Retry-After")).isEqualTo("60");
        assertThat(limited.body().get("type").asText()).endsWith("/rate-limited");
        // per user: someone else is not held back
        assertThat(api.get(erin, "/users/lookup?username=" + dave.username()).status()).isEqualTo(200);
    }

    @Test
    void failingOnPurposeLocksOutOnlyTheAttackersAddressNotTheVictim() {
        ApiClient api = api();
        User victim = api.signUp("victim");
        Map<String, String> wrong = Map.of("username", victim.username(), "password", "wrong password");
        for (int i = 0; i < 3; i++) {
            api.postWithHeader(null, "/auth/token", wrong, "X-Forwarded-For", "198.51.100.7");
        }
        assertThat(api.postWithHeader(null, "/auth/token", wrong, "X-Forwarded-For", "198.51.100.7").status()).isEqualTo(429);
        // writing another address in front of the header changes nothing: the proxy's entry is the one believed
        assertThat(api.postWithHeader(null, "/auth/token", wrong, "X-Forwarded-For", "203.0.113.50, 198.51.100.7").status())
                .isEqualTo(429);
        // the victim, from their own address, signs in
        assertThat(api.postWithHeader(null, "/auth/token", Map.of("username", victim.username(), "password", "correct horse"),
                "X-Forwarded-For", "203.0.113.9").status()).isEqualTo(200);
    }

    @Test
    void aRefusedSendChangesNothingAndMayBeRetriedWithItsKey() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        for (int i = 1; i <= 3; i++) {
            assertThat(send(api, alice, chat, "c-" + i).status()).isEqualTo(201);
        }
        Response refused = send(api, alice, chat, "c-4");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("3");
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("type").asText()).endsWith("/rate-limited");

        eventually(() -> send(api, alice, chat, "c-4").status() == 201, "the same send once the window has passed",
                Duration.ofSeconds(20));
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 4,
                "four messages: the refused attempt left nothing");
    }

    @Test
    void aLimiterRedisHasForgottenIsSetAgainAndStillLimits() {
        ApiClient api = api();
        User dave = api.signUp("dave");
        User erin = api.signUp("erin");
        String chat = api.directChat(dave, erin);
        assertThat(send(api, dave, chat, "d-1").status()).isEqualTo(201);
        // as after three idle windows: the node still knows it set the rate, Redis no longer has it
        // (keys carry a digest of the user id, not the id: every send limiter goes, dave's with them)
        assertThat(redis.getKeys().deleteByPattern("ratelimit:send:*")).isPositive();

        for (int i = 2; i <= 4; i++) {
            assertThat(send(api, dave, chat, "d-" + i).status()).isEqualTo(201);
        }
        assertThat(send(api, dave, chat, "d-5").status()).as("limited again, not let through as if Redis were down")
                .isEqualTo(429);
    }

    @Test
    void searchesAndLoginsAreLimitedToo() {
        ApiClient api = api();
        User carol = api.signUp("carol");
        assertThat(api.get(carol, "/messages/search?q=anything").status()).isEqualTo(200);
        assertThat(api.get(carol, "/messages/search?q=anything").status()).isEqualTo(200);
        assertThat(api.get(carol, "/messages/search?q=anything").status()).isEqualTo(429);

        // signUp used one login; two wrong passwords use the rest; then even the right one waits
        for (int i = 0; i < 2; i++) {
            assertThat(api.post(null, "/auth/token", Map.of("username", carol.username(), "password", "wrong password")).status())
                    .isEqualTo(401);
        }
        Response limited = api.post(null, "/auth/token", Map.of("username", carol.username(), "password", "correct horse"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().getFirst("Retry-After")).isEqualTo("60");
    }

    @Test
    void anOversizedUsernameAtSignInIsRefusedAndNeverReachesRedis() {
        ApiClient api = api();
        String huge = "x".repeat(100_000);
        Response refused = api.post(null, "/auth/token", Map.of("username", huge, "password", "whatever password"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(api.post(null, "/auth/token", Map.of("username", "someone", "password", "p".repeat(73))).status())
                .as("longer than bcrypt reads").isEqualTo(400);

        // a username of the longest allowed length, unknown: limited under a digest, never under the name itself
        String longest = "y".repeat(32);
        assertThat(api.post(null, "/auth/token", Map.of("username", longest, "password", "whatever password")).status())
                .isEqualTo(401);
        assertThat(redis.getKeys().getKeysStream().filter(key -> key.contains(longest) || key.contains("xxxxxxxx")).toList())
                .as("no key carries what the caller sent").isEmpty();
    }

    @Test
    void aPasswordBcryptCannotReadIsRefusedAtRegistrationNot500() {
        Response refused = api().post(null, "/auth/register", Map.of("username", "long_pw_" + java.util.UUID.randomUUID()
                .toString().substring(0, 8), "password", "é".repeat(40), "displayName", "Long"));
        assertThat(refused.status()).as("40 characters, 80 bytes").isEqualTo(400);
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
    }

    private static Response send(ApiClient api, User user, String chat, String clientMessageId) {
        return api.post(user, "/messages/send", Map.of("conversationId", chat, "body", "limited " + clientMessageId,
                "clientMessageId", clientMessageId));
    }
}
