package dev.messenger.gateway.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.axon.SealLegacyBodies;
import dev.messenger.gateway.axon.SealLegacyFileReferences;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The upgrades seal the bodies and file references a log holds in the clear, and remove those of deleted messages. */
class SealLegacyLogIT extends GatewayIntegrationTest {

    @Autowired
    DataSource postgres;

    @Autowired
    EventStore eventStore;

    @Test
    void bodiesInTheClearAreSealedUnderTheirMessagesKeysAndDeletedOnesRemoved() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(postgres);
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class))
                .as("the gateway ran the upgrade at its start").contains("11", "12");
        String conversation = "legacy-" + UUID.randomUUID();
        String kept = "m-" + UUID.randomUUID();
        String gone = "m-" + UUID.randomUUID();
        SealLegacyBodies.Outcome outcome;
        // written and sealed in one transaction, as the upgrade runs before any processor reads: a processor that read
        // an unsealed event first would remember that its message has no key
        try (Connection connection = postgres.getConnection()) {
            connection.setAutoCommit(false);
            JdbcTemplate inTransaction = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            legacy(inTransaction, conversation, 0, MessageSent.class, "{\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + kept
                    + "\",\"seq\":1,\"senderId\":\"u-ann\",\"body\":\"kept in the clear\",\"sentAt\":\"2026-01-01T00:00:00Z\"}");
            legacy(inTransaction, conversation, 1, MessageEdited.class, "{\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + kept
                    + "\",\"seq\":1,\"senderId\":\"u-ann\",\"body\":\"edited in the clear\",\"editedAt\":\"2026-01-01T00:01:00Z\"}");
            legacy(inTransaction, conversation, 2, MessageSent.class, "{\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + gone
                    + "\",\"seq\":2,\"senderId\":\"u-ann\",\"body\":\"deleted in the clear\",\"sentAt\":\"2026-01-01T00:02:00Z\"}");
            legacy(inTransaction, conversation, 3, dev.messenger.events.message.MessageDeleted.class, "{\"conversationId\":\"" + conversation
                    + "\",\"messageId\":\"" + gone + "\",\"seq\":2,\"senderId\":\"u-ann\",\"deletedAt\":\"2026-01-01T00:03:00Z\"}");
            outcome = SealLegacyBodies.sealAll(connection);
            connection.commit();
        }
        assertThat(outcome.sealed()).isGreaterThanOrEqualTo(2);
        assertThat(outcome.redacted()).isGreaterThanOrEqualTo(1);

        List<String> stored = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber", String.class, conversation);
        assertThat(String.join("\n", stored)).doesNotContain("in the clear");
        assertThat(stored.get(0)).contains("sealed:v1:");
        assertThat(stored.get(2)).contains("\"body\":null");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_key WHERE message_id IN (?, ?)", Integer.class, kept, gone)).isEqualTo(1);

        List<Object> read = eventStore.readEvents(conversation).asStream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(((MessageSent) read.get(0)).body()).isEqualTo("kept in the clear");
        assertThat(((MessageEdited) read.get(1)).body()).isEqualTo("edited in the clear");
        assertThat(((MessageSent) read.get(2)).body()).isNull();

        try (Connection connection = postgres.getConnection()) {
            assertThat(SealLegacyBodies.sealAll(connection)).as("run again: nothing left in the clear").isEqualTo(new SealLegacyBodies.Outcome(0, 0));
        }
    }

    @Test
    void fileReferencesInTheClearAreSealedUnderTheirMessagesKeysAndDeletedOnesRemoved() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(postgres);
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class)).contains("19");
        String conversation = "legacy-" + UUID.randomUUID();
        String kept = "m-" + UUID.randomUUID();
        String gone = "m-" + UUID.randomUUID();
        String keptFile = "file-kept-" + UUID.randomUUID();
        String goneFile = "file-gone-" + UUID.randomUUID();
        SealLegacyFileReferences.Outcome outcome;
        try (Connection connection = postgres.getConnection()) {
            connection.setAutoCommit(false);
            JdbcTemplate inTransaction = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            legacy(inTransaction, conversation, 0, MessageSent.class, "{\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + kept
                    + "\",\"seq\":1,\"senderId\":\"u-ann\",\"body\":null,\"sentAt\":\"2026-01-01T00:00:00Z\",\"kind\":\"MEDIA\","
                    + "\"media\":{\"mediaId\":\"" + keptFile + "\",\"contentType\":\"image/png\",\"size\":42,\"width\":2,\"height\":1}}");
            legacy(inTransaction, conversation, 1, MessageSent.class, "{\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + gone
                    + "\",\"seq\":2,\"senderId\":\"u-ann\",\"body\":null,\"sentAt\":\"2026-01-01T00:01:00Z\",\"kind\":\"MEDIA\","
                    + "\"media\":{\"mediaId\":\"" + goneFile + "\",\"contentType\":\"image/png\",\"size\":42}}");
            legacy(inTransaction, conversation, 2, dev.messenger.events.message.MessageDeleted.class, "{\"conversationId\":\"" + conversation
                    + "\",\"messageId\":\"" + gone + "\",\"seq\":2,\"senderId\":\"u-ann\",\"deletedAt\":\"2026-01-01T00:03:00Z\"}");
            outcome = SealLegacyFileReferences.sealAll(connection);
            connection.commit();
        }
        assertThat(outcome.sealed()).isGreaterThanOrEqualTo(1);
        assertThat(outcome.removed()).isGreaterThanOrEqualTo(1);
        String stored = String.join("\n", jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                + "WHERE aggregateidentifier = ? ORDER BY sequencenumber", String.class, conversation));
        assertThat(stored).doesNotContain(keptFile).doesNotContain(goneFile).contains("\"media\":null").contains("\"size\":42");
        assertThat(jdbc.queryForObject("SELECT media_id FROM message_key WHERE message_id = ?", String.class, kept))
                .as("the key made for it records its file, as for a message sent now").isEqualTo(keptFile);

        List<Object> read = eventStore.readEvents(conversation).asStream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(((MessageSent) read.get(0)).media().mediaId()).isEqualTo(keptFile);
        assertThat(((MessageSent) read.get(0)).media().width()).isEqualTo(2);
        assertThat(((MessageSent) read.get(1)).media()).isNull();

        try (Connection connection = postgres.getConnection()) {
            assertThat(SealLegacyFileReferences.sealAll(connection)).as("run again: nothing left in the clear")
                    .isEqualTo(new SealLegacyFileReferences.Outcome(0, 0));
        }
    }

    private static void legacy(JdbcTemplate jdbc, String aggregate, long sequence, Class<?> type, String payload) {
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, "
                        + "payloadrevision, payloadtype, timestamp) VALUES (?, ?, 'Conversation', ?, ?, ?, ?, ?, ?)",
                aggregate, sequence, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), type == MessageSent.class ? "2" : "1", type.getName(), "2026-01-01T00:00:00Z");
    }
}
