package dev.messenger.gateway.message;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.StoreScan;
import dev.messenger.ops.eventlog.EventLogExport;
import dev.messenger.processing.admin.ProjectionAdmin;
import dev.messenger.projections.kafka.EventLogTopics;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A deleted message is gone everywhere: sent, edited twice and deleted, no version of its body is left in any store
 * (the event log included, where it was sealed under a key that the delete destroyed), in a fresh replay of the log, in
 * the Kafka log's events, or in the gateway's output; the Kafka bodies topic's last word on it is a tombstone.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErasureIT extends GatewayIntegrationTest {

    @Autowired
    private DataSource postgres;

    @Autowired
    private com.mongodb.client.MongoClient mongo;

    @Autowired
    private RedissonClient redis;

    @Autowired
    private ProjectionAdmin projections;

    @Test
    void noVersionOfADeletedMessagesBodyIsLeftAnywhere(CapturedOutput output) throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String tag = UUID.randomUUID().toString();
        List<String> versions = List.of("the first words " + tag, "the second words " + tag, "the last words " + tag);
        String kept = "a message that stays " + tag;

        String messageId = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", versions.get(0)))
                .body().get("messageId").asText();
        // an edit names its message, which the gateway finds in history: once it is there
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().toString().contains(messageId), "the message in history");
        for (String edit : versions.subList(1, 3)) {
            assertThat(api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", messageId, "body", edit))
                    .status()).isEqualTo(204);
        }
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", kept)).status()).isEqualTo(201);
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().toString().contains(versions.get(2)),
                "the last edit in history");
        caughtUp();
        // the read models had every version (the scan finds what is there), the event log none in the clear
        StoreScan scan = new StoreScan(postgres, mongo, redis);
        assertThat(scan.inMongo(List.of(versions.get(0), versions.get(2), kept))).contains(versions.get(2), kept);
        assertThat(scan.inPostgres(versions)).isEmpty();
        assertThat(keysOf(messageId)).as("the key the versions are sealed under").isEqualTo(1);

        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", messageId)).status()).isEqualTo(204);
        assertThat(keysOf(messageId)).as("destroyed with the delete: no stored version opens again").isZero();
        caughtUp();

        Map<String, List<String>> found = scan.everyStore(versions, topic -> !topic.equals(EventLogTopics.DEFAULT_BODIES));
        found.put("gateway output", versions.stream().filter(output.getAll()::contains).toList());
        StringWriter replay = new StringWriter();
        try (Connection connection = postgres.getConnection()) {
            new EventLogExport().export(connection, new EventLogExport.Filter(null, null, List.of(), chat), replay, null);
        }
        found.put("a fresh replay of the log", versions.stream().filter(replay.toString()::contains).toList());
        assertThat(found).allSatisfy((store, inStore) -> assertThat(inStore).as("versions of the deleted body in " + store).isEmpty());
        assertThat(replay.toString()).as("the replay opens the bodies that are kept").contains(kept);
        assertThat(lastBodyRecord(messageId)).as("the bodies topic's last record for the message: a tombstone").isNull();
    }

    @Test
    void aDeletedMessagesFileGoesWhenNoOtherMessageShowsIt() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String photo = api.uploadPng(alice);
        String first = api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", photo)).body().get("messageId").asText();
        String second = api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", photo)).body().get("messageId").asText();
        eventually(() -> api.getText(bob, "/media/" + photo).status() == 200, "bob sees the photo");

        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", first)).status()).isEqualTo(204);
        eventually(() -> queued(photo) == 0, "the file's check done");
        assertThat(api.getText(bob, "/media/" + photo).status()).as("still shown by the second message").isEqualTo(200);

        assertThat(api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", second)).status()).isEqualTo(204);
        eventually(() -> api.getText(bob, "/media/" + photo).status() == 404, "the file gone with its last message");
        assertThat(api.getText(alice, "/media/" + photo).status()).as("for its uploader too").isEqualTo(404);

        // and no store, topic or replay still says which file the deleted messages carried
        caughtUp();
        Map<String, List<String>> found = new StoreScan(postgres, mongo, redis).everyStore(List.of(photo),
                topic -> !topic.equals(EventLogTopics.DEFAULT_BODIES));
        StringWriter replay = new StringWriter();
        try (Connection connection = postgres.getConnection()) {
            new EventLogExport().export(connection, new EventLogExport.Filter(null, null, List.of(), chat), replay, null);
        }
        found.put("a fresh replay of the log", replay.toString().contains(photo) ? List.of(photo) : List.of());
        assertThat(found).allSatisfy((store, inStore) -> assertThat(inStore).as("the deleted messages' file id in " + store).isEmpty());
        assertThat(lastBodyRecord(second)).as("the bodies topic's last record for the message: a tombstone").isNull();
    }

    private int queued(String mediaId) {
        return new org.springframework.jdbc.core.JdbcTemplate(postgres)
                .queryForObject("SELECT count(*) FROM media_erasure WHERE media_id = ?", Integer.class, mediaId);
    }

    private int keysOf(String messageId) {
        return new org.springframework.jdbc.core.JdbcTemplate(postgres)
                .queryForObject("SELECT count(*) FROM message_key WHERE message_id = ?", Integer.class, messageId);
    }

    private void caughtUp() {
        eventually(() -> projections.list().stream().allMatch(p -> p.lag() == 0 && !p.replaying()), "every projection caught up",
                Duration.ofSeconds(60));
    }

    /** The value of the last record keyed by the message id in the bodies topic (null: a tombstone). */
    private static String lastBodyRecord(String messageId) {
        List<byte[]> values = new ArrayList<>();
        StoreScan.eachRecord(EventLogTopics.DEFAULT_BODIES::equals, record -> {
            if (record.key() != null && new String(record.key(), java.nio.charset.StandardCharsets.UTF_8).equals(messageId)) {
                values.add(record.value());
            }
        });
        assertThat(values).as("records of the message in the bodies topic").isNotEmpty();
        byte[] last = values.get(values.size() - 1);
        return last == null ? null : new String(last, java.nio.charset.StandardCharsets.UTF_8);
    }
}
