package dev.messenger.gateway.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.gateway.TestStack;
import dev.messenger.events.message.SealedBody;
import dev.messenger.ops.eventlog.EventLogGenerator;
import dev.messenger.ops.stack.Engine;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ops/messenger replay} against an event store of its own (a fresh database with the gateway's
 * schema, so no running projection has to digest the generated log), run as a separate JVM with a
 * heap far smaller than its output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventLogReplayIT {

    private static final int EVENTS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private String databaseUrl;

    @TempDir
    Path dir;

    @BeforeAll
    void generatedLog() throws Exception {
        String serverUrl = TestStack.get().url(Engine.POSTGRES);
        String database = "replay_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection server = DriverManager.getConnection(serverUrl); Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        databaseUrl = serverUrl.replace("/postgres?", "/" + database + "?");
        Flyway.configure().dataSource(databaseUrl, null, null).locations("classpath:db/migration").load().migrate();
        try (Connection connection = DriverManager.getConnection(databaseUrl)) {
            new EventLogGenerator(42).append(connection, EVENTS, false);
            // one event as a gateway before MessageSent revision 2 stored it
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (aggregateidentifier,"
                    + " sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                    + " VALUES ('g-old', 0, 'Conversation', 'e-old', '{}', ?, '1', 'dev.messenger.events.message.MessageSent',"
                    + " '2025-06-01T00:00:00Z')")) {
                insert.setBytes(1, ("{\"conversationId\":\"g-old\",\"messageId\":\"m-old\",\"seq\":1,\"senderId\":\"u-1\","
                        + "\"body\":\"old\",\"clientMessageId\":null,\"replyTo\":null,\"sentAt\":\"2025-06-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
        }
    }

    @Test
    void theWholeLogRoundTripsInConstantMemoryWithoutTheBodiesOfDeletedMessages() throws Exception {
        Path out = dir.resolve("log.ndjson");
        Process export = replay(List.of("--out", out.toString()), "-Xmx32m");
        assertThat(export.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(export.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(export.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains((EVENTS + 1) / 1000 + ",").contains("events exported");
        assertThat(Files.size(out)).as("the output is far larger than the export's heap").isGreaterThan(32L << 20);

        Set<String> deletedMessages = deletedMessageIds();
        assertThat(deletedMessages).isNotEmpty();
        java.util.Map<String, byte[]> keys = new java.util.HashMap<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT message_id, key_bytes FROM message_key")) {
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getBytes(2));
            }
        }
        assertThat(keys).as("the generated log's bodies are sealed, as a gateway stores them").isNotEmpty();
        MessageDigest fromDatabase = MessageDigest.getInstance("SHA-256");
        MessageDigest fromExport = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        long redacted = 0;
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             BufferedReader exported = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1000);
                ResultSet rows = statement.executeQuery("SELECT globalindex, eventidentifier, aggregateidentifier, sequencenumber,"
                        + " payloadtype, convert_from(payload, 'UTF8') AS payload FROM domainevententry ORDER BY globalindex");
                while (rows.next()) {
                    JsonNode line = JSON.readTree(exported.readLine());
                    lines++;
                    assertThat(line.get("position").asLong()).isEqualTo(rows.getLong("globalindex"));
                    assertThat(line.get("aggregateId").asText()).isEqualTo(rows.getString("aggregateidentifier"));
                    assertThat(line.get("sequence").asLong()).isEqualTo(rows.getLong("sequencenumber"));
                    assertThat(rows.getString("payloadtype")).endsWith("." + line.get("type").asText());
                    ObjectNode stored = (ObjectNode) JSON.readTree(rows.getString("payload"));
                    JsonNode payload = line.get("payload");
                    if (stored.path("body").isTextual() && SealedBody.isSealed(stored.get("body").textValue())) {
                        // stored sealed: the export shows it opened with its message's key, or gone with the key
                        assertThat(stored.get("body").textValue()).isNotEqualTo(payload.path("body").asText());
                        byte[] key = keys.get(stored.get("messageId").asText());
                        if (key == null) {
                            assertThat(deletedMessages).as("only a deleted message has lost its key").contains(stored.get("messageId").asText());
                            assertThat(payload.get("body").isNull()).as("a deleted message's body").isTrue();
                            stored.putNull("body");
                            redacted++;
                        } else {
                            stored.put("body", SealedBody.open(stored.get("body").textValue(), stored.get("messageId").asText(), key));
                        }
                    }
                    if (stored.hasNonNull("body") && deletedMessages.contains(stored.get("messageId").asText())) {
                        assertThat(payload.get("body").isNull()).as("a deleted message's body").isTrue();
                        stored.putNull("body");
                        redacted++;
                    }
                    if (line.get("eventId").asText().equals("e-old")) {
                        assertThat(line.get("revision").asText()).isEqualTo("2");
                        assertThat(payload.get("kind").asText()).as("upcast from revision 1").isEqualTo("TEXT");
                        stored.put("kind", "TEXT").putNull("media");
                    }
                    assertThat(payload).isEqualTo(stored);
                    fromDatabase.update((rows.getString("eventidentifier") + "|" + stored).getBytes(StandardCharsets.UTF_8));
                    fromExport.update((line.get("eventId").asText() + "|" + payload).getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(exported.readLine()).as("nothing more than the log").isNull();
        }
        assertThat(lines).isEqualTo(EVENTS + 1);
        assertThat(redacted).isPositive();
        assertThat(HexFormat.of().formatHex(fromExport.digest())).isEqualTo(HexFormat.of().formatHex(fromDatabase.digest()));
    }

    @Test
    void filtersByTypePositionTimeAndConversation() throws Exception {
        List<JsonNode> deletes = run(List.of("--type", "MessageDeleted"));
        assertThat(deletes).hasSize(deletedMessageIds().size()).allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("MessageDeleted"));

        List<JsonNode> range = run(List.of("--from", "100", "--to", "199"));
        assertThat(range).extracting(e -> e.get("position").asLong()).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(100, 199).boxed().toList());

        String conversation = range.get(0).get("aggregateId").asText();
        List<JsonNode> one = run(List.of("--conversation", conversation, "--type", "MessageSent", "--type", "ConversationStarted"));
        assertThat(one).isNotEmpty().allSatisfy(e -> assertThat(e.get("aggregateId").asText()).isEqualTo(conversation));
        assertThat(one.get(0).get("type").asText()).isEqualTo("ConversationStarted");
        List<Long> sequences = one.stream().map(e -> e.get("sequence").asLong()).toList();
        assertThat(sequences).isSorted();

        String at = range.get(50).get("timestamp").asText();
        List<JsonNode> since = run(List.of("--from", at, "--to", at));
        assertThat(since).extracting(e -> e.get("timestamp").asText()).containsOnly(at);

        Process bad = replay(List.of("--from", "yesterday"), "-Xmx64m");
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
    }

    private List<JsonNode> run(List<String> args) throws Exception {
        Process export = replay(args, "-Xmx64m");
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = export.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                events.add(JSON.readTree(line));
            }
        }
        assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).isZero();
        return events;
    }

    private Process replay(List<String> args, String heap) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-cp", System.getProperty("java.class.path"), "dev.messenger.ops.eventlog.EventLogExport"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DATABASE_URL", databaseUrl);
        if (args.contains("--out")) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return builder.start();
    }

    private Set<String> deletedMessageIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'messageId' FROM domainevententry"
                     + " WHERE payloadtype = 'dev.messenger.events.message.MessageDeleted'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
