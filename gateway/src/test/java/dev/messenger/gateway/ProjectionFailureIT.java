package dev.messenger.gateway;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.projections.history.HistoryMessages;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** A projection whose write fails keeps retrying the same events: none is skipped. */
class ProjectionFailureIT extends GatewayIntegrationTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MongoDatabase messengerDatabase;

    @Test
    void aMongoDbProjectionRetriesAFailedBatchUntilItsWritesSucceedAndSkipsNoEvent() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String first = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "one")).body().get("messageId").asText();
        ApiClient.eventually(() -> history(api, bob, chat).size() == 1, "the first message in history");

        // the message's reactions field is no document any more: adding a reaction to it can never be written
        MongoCollection<Document> messages = messengerDatabase.getCollection(HistoryMessages.MESSAGES);
        String jammed = HistoryMessages.messageDocumentId(chat, 1);
        Mono.from(messages.updateOne(eq("_id", jammed), Updates.set("reactions", "jammed"))).block(WAIT);
        assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", first, "emoji", THUMBS_UP)).status())
                .isEqualTo(204);
        api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", "two"));

        User admin = AdminIT.admin(api);
        ApiClient.eventually(() -> status(api, admin, "history").equals("error"), "history failing on the jammed message");
        // read from the store: the API cannot show the jammed message
        assertThat(Mono.from(messages.countDocuments(eq("conversationId", chat))).block(WAIT))
                .as("the send after the failing reaction waits behind it").isEqualTo(1);

        Mono.from(messages.updateOne(eq("_id", jammed), Updates.unset("reactions"))).block(WAIT);
        ApiClient.eventually(() -> history(api, bob, chat).size() == 2, "both messages in history once the writes succeed",
                Duration.ofSeconds(90));
        JsonNode oldest = history(api, bob, chat).get(1);
        assertThat(oldest.get("messageId").asText()).isEqualTo(first);
        assertThat(oldest.get("reactions").get(THUMBS_UP).get(0).asText()).as("the failed reaction retried, not skipped")
                .isEqualTo(bob.userId());
    }

    private static JsonNode history(ApiClient api, User reader, String chat) {
        return api.get(reader, "/messages/history?conversation_id=" + chat).body().get("messages");
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
