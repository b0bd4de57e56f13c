package dev.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.command.conversation.SendMessage;
import dev.messenger.command.conversation.SentMessage;
import dev.messenger.command.conversation.StartConversation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageSent;
import java.time.Instant;
import java.util.List;
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
    void healthShowsEachEngineAsItsOwnComponent() {
        http.get().uri("/actuator/health").exchange()
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
        assertThat(json).contains("\"body\":\"hello\"").contains("\"seq\":1");
        assertThat(jdbc.queryForObject("SELECT payloadrevision FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                String.class, conversationId)).isEqualTo("1");
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
    void apiDescriptionIsServed() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody().jsonPath("$.openapi").exists();
    }
}
