package dev.messenger.gateway.account;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.StoreScan;
import dev.messenger.processing.admin.ProjectionAdmin;
import dev.messenger.projections.kafka.EventLogTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deleting an account: at once signed out everywhere and gone from lookups, its username free; within seconds each of
 * its messages deleted for everyone (no version of a body left in any store), out of its groups, its uploads gone,
 * and shown as a deleted member where it stays (a direct chat).
 */
class AccountDeletionIT extends GatewayIntegrationTest {

    @Autowired
    private DataSource postgres;

    @Autowired
    private com.mongodb.client.MongoClient mongo;

    @Autowired
    private RedissonClient redis;

    @Autowired
    private ProjectionAdmin projections;

    @Test
    void aDeletedAccountIsSignedOutAtOnceAndEverythingItSaidIsErased() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String direct = api.directChat(alice, bob);
        String group = api.post(bob, "/conversations", Map.of("type", "group", "title", "G",
                "participants", List.of(alice.userId(), carol.userId()))).body().get("conversationId").asText();
        eventually(() -> api.get(alice, "/conversations/" + group).status() == 200, "the group visible to alice");
        String tag = UUID.randomUUID().toString();
        List<String> said = List.of("to bob alone " + tag, "to the group " + tag, "to the group, edited " + tag);
        String kept = "bob's reply " + tag;
        api.post(alice, "/messages/send", Map.of("conversationId", direct, "body", said.get(0)));
        String inGroup = api.post(alice, "/messages/send", Map.of("conversationId", group, "body", said.get(1))).body().get("messageId").asText();
        // an edit names its message, which the gateway finds in history: once it is there
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + group).body().toString().contains(said.get(1)), "the message in history");
        assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", group, "messageId", inGroup, "body", said.get(2))).status())
                .isEqualTo(204);
        String photo = api.uploadPng(alice);
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", group, "mediaId", photo)).status()).isEqualTo(201);
        api.post(bob, "/messages/send", Map.of("conversationId", direct, "body", kept));
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + group).body().toString().contains(said.get(2)), "the edit in history");

        assertThat(api.delete(alice, "/users/me", Map.of("password", "not the password")).status()).isEqualTo(403);
        assertThat(api.delete(alice, "/users/me", Map.of("password", "correct horse")).status()).isEqualTo(202);

        assertThat(api.get(alice, "/users/me").status()).as("its token").isEqualTo(401);
        assertThat(api.post(null, "/auth/token", Map.of("username", alice.username(), "password", "correct horse")).status()).isEqualTo(401);
        assertThat(api.get(bob, "/users/lookup?username=" + alice.username()).status()).isEqualTo(404);
        assertThat(api.post(null, "/auth/register", Map.of("username", alice.username(), "password", "another horse",
                "displayName", "Someone else")).status()).as("the username is free").isEqualTo(201);
        JsonNode profile = api.get(bob, "/users?ids=" + alice.userId()).body().get("users").get(0);
        assertThat(profile.get("deleted").asBoolean()).isTrue();
        assertThat(profile.get("username").isNull()).isTrue();

        eventually(() -> erased(alice.userId()), "the account erased", Duration.ofSeconds(60));
        eventually(() -> projections.list().stream().allMatch(p -> p.lag() == 0 && !p.replaying()), "every projection caught up",
                Duration.ofSeconds(60));
        JsonNode history = api.get(bob, "/messages/history?conversation_id=" + direct).body();
        assertThat(history.toString()).doesNotContain(said.get(0)).contains(kept);
        assertThat(api.get(bob, "/conversations/" + group).body().get("participants").toString()).doesNotContain(alice.userId());
        JsonNode aliceInDirect = StreamSupport.stream(api.get(bob, "/conversations/" + direct).body().get("members").spliterator(), false)
                .filter(member -> member.get("userId").asText().equals(alice.userId())).findFirst().orElseThrow();
        assertThat(aliceInDirect.get("deleted").asBoolean()).isTrue();
        assertThat(api.get(bob, "/media/" + photo).status()).as("its upload").isEqualTo(404);
        assertThat(new JdbcTemplate(postgres).queryForObject("SELECT count(*) FROM message_key WHERE sender_id = ?", Integer.class,
                alice.userId())).as("keys of its messages").isZero();

        Map<String, List<String>> found = new StoreScan(postgres, mongo, redis).everyStore(said,
                topic -> !topic.equals(EventLogTopics.DEFAULT_BODIES));
        assertThat(found).allSatisfy((store, inStore) -> assertThat(inStore).as("what alice said, in " + store).isEmpty());
    }

    private boolean erased(String userId) {
        return new JdbcTemplate(postgres).queryForObject("SELECT erased_at IS NOT NULL FROM account WHERE user_id = ?", Boolean.class, userId);
    }
}
