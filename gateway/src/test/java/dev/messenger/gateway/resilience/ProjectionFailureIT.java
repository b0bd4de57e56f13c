package dev.messenger.gateway.resilience;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import dev.messenger.projections.history.HistoryMessages;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/**
 * An event a projection can never apply is parked with the rest of its conversation's events, in the dead-letter
 * queue, while every other conversation goes on; an operator sees it, and once the cause is fixed a retry applies
 * the parked events in order: none is skipped. (A store that is down is no poison event: EngineOutageIT.)
 */
class ProjectionFailureIT extends GatewayIntegrationTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MongoDatabase messengerDatabase;

    @Autowired
    javax.sql.DataSource postgres;

    @Test
    void anEventThatCannotBeWrittenIsParkedWithItsConversationWhileTheOthersGoOnAndARetryAppliesThemInOrder() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String chat = api.directChat(alice, bob);
        String other = api.directChat(alice, carol);
        String first = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "one")).body().get("messageId").asText();
        ApiClient.eventually(() -> history(api, bob, chat).size() == 1, "the first message in history");

        // paused, so that the poison event and the others reach the projection in one batch, whose writes go out
        // together: the batch is retried event by event, and only the poison event's conversation is parked
        User admin = Operators.admin(api);
        assertThat(api.post(admin, "/admin/projections/history/pause", Map.of()).status()).isEqualTo(200);
        // the message's reactions field is no document any more: adding a reaction to it can never be written
        MongoCollection<Document> messages = messengerDatabase.getCollection(HistoryMessages.MESSAGES);
        String jammed = HistoryMessages.messageDocumentId(chat, 1);
        Mono.from(messages.updateOne(eq("_id", jammed), Updates.set("reactions", "jammed"))).block(WAIT);
        assertThat(api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", first, "emoji", THUMBS_UP)).status())
                .isEqualTo(204);
        String parkedBody = "two, parked " + java.util.UUID.randomUUID();
        api.post(bob, "/messages/send", Map.of("conversationId", chat, "body", parkedBody));
        // sent after the poison event, in the same batches: the other conversation is not held up
        for (int i = 1; i <= 5; i++) {
            api.post(alice, "/messages/send", Map.of("conversationId", other, "body", "other " + i));
        }
        assertThat(api.post(admin, "/admin/projections/history/resume", Map.of()).status()).isEqualTo(200);
        ApiClient.eventually(() -> history(api, carol, other).size() == 5, "the other conversation goes on", Duration.ofSeconds(60));
        // the reaction is parked first and the send behind it a moment later, within the same batch's retry
        ApiClient.eventually(() -> parked(api, admin, "history", chat) != null && parked(api, admin, "history", chat).get("events").asLong() == 2,
                "the jammed reaction parked, with the send of its conversation behind it");
        JsonNode parked = parked(api, admin, "history", chat);
        assertThat(parked.get("events").asLong()).as("the reaction and the send behind it").isEqualTo(2);
        assertThat(parked.get("cause").asText()).contains("Mongo").doesNotContain("jammed", "one", "two");
        assertThat(new dev.messenger.gateway.StoreScan(postgres, null, null).inPostgres(java.util.List.of(parkedBody)))
                .as("the parked send's body, sealed under its message's key in the queue too").isEmpty();
        assertThat(Mono.from(messages.countDocuments(eq("conversationId", chat))).block(WAIT))
                .as("the send after the failing reaction waits behind it").isEqualTo(1);
        assertThat(status(api, admin, "history")).isNotEqualTo("error");
        ApiClient.eventually(() -> api.getText(admin, "/actuator/prometheus").text()
                .contains("messenger_projection_dead_letters{projection=\"history\"} 1.0"), "the gauge counts the parked conversation");
        // a retry while the cause is still there changes nothing
        assertThat(api.post(admin, "/admin/dead-letters/history/retry?sequence=" + chat, Map.of()).body().get("retried").asInt()).isZero();
        assertThat(parked(api, admin, "history", chat).get("events").asLong()).isEqualTo(2);

        Mono.from(messages.updateOne(eq("_id", jammed), Updates.unset("reactions"))).block(WAIT);
        JsonNode retried = api.post(admin, "/admin/dead-letters/history/retry", Map.of()).body();
        assertThat(retried.get("retried").asInt()).isEqualTo(1);
        assertThat(retried.get("stillParked").asInt()).isZero();
        assertThat(parked(api, admin, "history", chat)).isNull();
        ApiClient.eventually(() -> history(api, bob, chat).size() == 2, "both messages in history once retried");
        assertThat(history(api, bob, chat).get(0).get("body").asText()).as("the parked body opened again").isEqualTo(parkedBody);
        JsonNode oldest = history(api, bob, chat).get(1);
        assertThat(oldest.get("messageId").asText()).isEqualTo(first);
        assertThat(oldest.get("reactions").get(THUMBS_UP).get(0).asText()).as("the failed reaction applied, not skipped")
                .isEqualTo(bob.userId());
        // and the conversation's new events are applied directly again
        api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "three"));
        ApiClient.eventually(() -> history(api, bob, chat).size() == 3, "a new message after the retry");
    }

    private static JsonNode parked(ApiClient api, User admin, String projection, String sequence) {
        for (JsonNode entry : api.get(admin, "/admin/dead-letters").body().get("sequences")) {
            if (entry.get("projection").asText().equals(projection) && entry.get("sequence").asText().equals(sequence)) {
                return entry;
            }
        }
        return null;
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
