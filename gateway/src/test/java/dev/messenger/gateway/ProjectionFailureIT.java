package dev.messenger.gateway;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.projections.history.HistoryBuckets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** A projection whose write fails keeps retrying the same events: none is skipped. */
class ProjectionFailureIT extends GatewayIntegrationTest {

    @Autowired
    MongoDatabase messengerDatabase;

    @Test
    void aMongoDbProjectionRetriesAFailedBatchUntilItsWritesSucceedAndSkipsNoEvent() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        // a bucket whose messages field is not a document: every write of a message into it fails
        String bucket = HistoryBuckets.bucketId(chat, HistoryBuckets.bucketOf(1));
        Mono.from(messengerDatabase.getCollection(HistoryBuckets.BUCKETS).insertOne(new Document("_id", bucket).append("m", "jammed")))
                .block(Duration.ofSeconds(10));

        api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "one"));
        api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "two"));
        User admin = AdminIT.admin(api);
        ApiClient.eventually(() -> status(api, admin, "history").equals("error"), "history failing on the jammed bucket");
        assertThat(Mono.from(messengerDatabase.getCollection(HistoryBuckets.BUCKETS).find(eq("_id", bucket)).first())
                .block(Duration.ofSeconds(10)).get("m")).isEqualTo("jammed");

        Mono.from(messengerDatabase.getCollection(HistoryBuckets.BUCKETS).deleteOne(eq("_id", bucket))).block(Duration.ofSeconds(10));
        ApiClient.eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 2,
                "both messages in history once the writes succeed", Duration.ofSeconds(90));
    }

    private static String status(ApiClient api, User admin, String projection) {
        for (var p : api.get(admin, "/admin/projections").body().get("projections")) {
            if (p.get("name").asText().equals(projection)) {
                return p.get("status").asText();
            }
        }
        throw new IllegalStateException("no projection " + projection);
    }
}
