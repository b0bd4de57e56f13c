package dev.messenger.gateway.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.command.conversation.SendMessage;
import dev.messenger.command.conversation.SentMessage;
import dev.messenger.command.conversation.StartConversation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class EventStoreIT extends GatewayIntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthShowsEachEngineAsItsOwnComponentToOperators() {
        http.get().uri("/actuator/health").header("Authorization", Operators.admin(api()).bearer()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.postgres.status").isEqualTo("UP")
                .jsonPath("$.components.mongodb.status").isEqualTo("UP")
                .jsonPath("$.components.opensearch.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP");
    }

    @Test
    void commandsAppendJacksonSerializedEventsToThePostgresEventStore() {
        String conversationId = ConversationIds.newGroup();
        String alice = "u-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        commands.sendAndWait(new StartConversation(conversationId, ConversationType.GROUP, "Team", alice, List.of(), now));
        SentMessage sent = commands.sendAndWait(new SendMessage(conversationId, "m-1", alice, "hello", "c-1", null, now));

        assertThat(sent.seq()).isEqualTo(1);
        List<Object> payloads = eventStore.readEvents(conversationId).asStream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(payloads).containsExactly(
                new ConversationStarted(conversationId, ConversationType.GROUP, "Team", alice, List.of(alice), now),
                new MessageSent(conversationId, "m-1", 1, alice, "hello", "c-1", null, now));

        String json = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                String.class, conversationId);
        // the body sealed under the message's key (crypto-shredding): never in the clear in the log
        assertThat(json).contains("\"body\":\"sealed:v1:").doesNotContain("hello").contains("\"seq\":1");
        assertThat(jdbc.queryForObject("SELECT payloadrevision FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                String.class, conversationId)).isEqualTo("2");
    }

    @Autowired
    org.axonframework.common.caching.Cache conversationCache;

    @Test
    void aBusyConversationIsSnapshottedAndLoadsFromTheSnapshot() {
        String conversationId = ConversationIds.newGroup();
        String alice = "u-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        commands.sendAndWait(new StartConversation(conversationId, ConversationType.GROUP, "Busy", alice, List.of(), now));
        for (int i = 1; i <= 60; i++) {
            commands.sendAndWait(new SendMessage(conversationId, "m-" + i, alice, "n" + i, "c-" + i, null, now));
        }
        ApiClient.eventually(() -> jdbc.queryForObject("SELECT COUNT(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                Long.class, conversationId) > 0, "a snapshot of the conversation");

        conversationCache.removeAll();
        SentMessage next = commands.sendAndWait(new SendMessage(conversationId, "m-61", alice, "n61", "c-61", null, now));
        assertThat(next.seq()).isEqualTo(61);
        // the retry keys survived the snapshot too
        SentMessage retry = commands.sendAndWait(new SendMessage(conversationId, "m-other", alice, "n30", "c-30", null, now));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.seq()).isEqualTo(30);
    }

    @Test
    void eventsStoredAtAnOlderRevisionLoadAndReplayAsTheCurrentOne() {
        ApiClient api = api();
        ApiClient.User admin = Operators.admin(api);
        ApiClient.User alice = api.signUp("alice");
        ApiClient.User bob = api.signUp("bob");
        String conversationId = ConversationIds.newGroup();
        // as a gateway before MessageSent revision 2 wrote them
        store(conversationId, 0, ConversationStarted.class.getName(), "1", "{\"conversationId\":\"" + conversationId
                + "\",\"type\":\"GROUP\",\"title\":\"Old times\",\"startedBy\":\"" + alice.userId() + "\",\"participants\":[\""
                + alice.userId() + "\",\"" + bob.userId() + "\"],\"startedAt\":\"2025-01-01T09:00:00Z\"}");
        store(conversationId, 1, MessageSent.class.getName(), "1", "{\"conversationId\":\"" + conversationId
                + "\",\"messageId\":\"m-old\",\"seq\":1,\"senderId\":\"" + alice.userId()
                + "\",\"body\":\"from the old days\",\"clientMessageId\":null,\"replyTo\":null,\"sentAt\":\"2025-01-01T09:00:01Z\"}");

        // projections read it
        String history = "/messages/history?conversation_id=" + conversationId;
        ApiClient.eventually(() -> api.get(bob, history).status() == 200 && api.get(bob, history).body().get("messages").size() == 1,
                "the stored message in history");
        // the aggregate loads it: the next message continues the sequence
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", conversationId, "body", "and now")).body()
                .get("seq").asLong()).isEqualTo(2);
        assertThat(eventStore.readEvents(conversationId).asStream().map(DomainEventMessage::getPayload)
                .filter(MessageSent.class::isInstance).map(e -> ((MessageSent) e).kind()).toList())
                .containsExactly(MessageKind.TEXT, MessageKind.TEXT);
        // a replay reads it too
        assertThat(api.post(admin, "/admin/projections/history/rebuild", Map.of()).status()).isEqualTo(202);
        ApiClient.eventually(() -> {
            var page = api.get(bob, history);
            return page.status() == 200 && page.body().get("messages").size() == 2
                    && page.body().get("messages").get(1).get("body").asText().equals("from the old days"); // newest first
        }, "history rebuilt from both revisions", java.time.Duration.ofSeconds(60));
    }

    private void store(String aggregateId, long sequence, String type, String revision, String payload) {
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,"
                        + " payloadrevision, payloadtype, timestamp) VALUES (?, ?, 'Conversation', ?, ?, ?, ?, ?, ?)",
                aggregateId, sequence, UUID.randomUUID().toString(), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), revision, type, "2025-01-01T09:00:0" + sequence + "Z");
    }

    @Test
    void apiDescriptionIsServed() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody().jsonPath("$.openapi").exists();
    }

    /** The Kafka log's AsyncAPI document, without a token, with the schema of every event the log holds. */
    @Test
    void eventLogDescriptionIsServedWithEveryEventsSchema() {
        http.get().uri("/asyncapi.json").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.asyncapi").isEqualTo("3.0.0")
                .jsonPath("$.channels.events.address").isEqualTo("messenger.events")
                .jsonPath("$.components.messages.MessageSent.name").isEqualTo("dev.messenger.MessageSent")
                .jsonPath("$.components.messages.MessageSent.payload.$id").isEqualTo("https://messenger.dev/schemas/MessageSent/2")
                .jsonPath("$.components.messages.JoinRequested.payload.required").isArray();
    }
}
