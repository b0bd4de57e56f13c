package dev.messenger.ops.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.SealedBody;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.upcasting.Upcasters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import dev.messenger.ops.cli.Progress;
import java.util.List;
import picocli.CommandLine;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Exports the event log as NDJSON straight from PostgreSQL: one line per event with position,
 * timestamp, type, revision, aggregate id, sequence, event id and payload, in log order. Payloads are
 * upcast to the current revision by the same upcasters the event store uses. The bodies of deleted
 * messages are never exported (their {@code MessageSent} and {@code MessageEdited} carry
 * {@code "body": null}, an {@code EncryptedMessageSent} {@code "ciphertexts": null}); PostgreSQL finds them with a join, so the export holds no state of its own.
 * Rows stream through a server-side cursor: memory stays flat however long the log.
 *
 * <pre>ops/messenger replay [--from TIME|POSITION] [--to TIME|POSITION] [--type TYPE]... [--conversation ID] [--out FILE]</pre>
 */
public final class EventLogExport {

    private static final String SENT = MessageSent.class.getName();
    private static final String EDITED = MessageEdited.class.getName();
    private static final String ENCRYPTED = EncryptedMessageSent.class.getName();
    private static final String DELETED = MessageDeleted.class.getName();
    private static final int FETCH_SIZE = 1000;

    private final ObjectMapper json = EventLogDatabase.objectMapper();
    private final EventUpcasterChain upcasters = Upcasters.chain();
    private final org.axonframework.serialization.json.JacksonSerializer serializer =
            org.axonframework.serialization.json.JacksonSerializer.builder().objectMapper(json).build();

    /** What to export: bounds are inclusive; a bound is a position or an ISO-8601 time. */
    public record Filter(String from, String to, List<String> types, String conversation) {

        static void checkBound(String value) {
            if (value != null && !value.chars().allMatch(Character::isDigit)) {
                try {
                    java.time.OffsetDateTime.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("not a position or an ISO-8601 time with offset: " + value);
                }
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Command()).execute(args));
    }

    /** {@code ops/messenger replay}: the options, checked before anything is read. */
    @CommandLine.Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The event log as NDJSON, in log order, from PostgreSQL (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD).",
                    "Bounds are inclusive: a log position or an ISO-8601 time with offset."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Option(names = "--from", paramLabel = "TIME|POSITION", description = "the first event")
        String from;
        @CommandLine.Option(names = "--to", paramLabel = "TIME|POSITION", description = "the last event")
        String to;
        @CommandLine.Option(names = "--type", paramLabel = "TYPE", description = "only these event types (simple names), repeatable")
        List<String> types = new ArrayList<>();
        @CommandLine.Option(names = "--conversation", paramLabel = "ID", description = "only this conversation's events")
        String conversation;
        @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "write here, with progress (default: standard output)")
        Path file;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Filter filter;
            try {
                Filter.checkBound(from);
                Filter.checkBound(to);
                filter = new Filter(from, to, List.copyOf(types), conversation);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (Connection connection = EventLogDatabase.connect();
                 Writer writer = file == null
                         ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
                         : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                Progress progress = file == null ? null : new Progress("replay", "events", 0);
                long count = new EventLogExport().export(connection, filter, writer, progress);
                writer.flush();
                if (progress != null) {
                    progress.done(String.format("%,d events exported to %s", count, file));
                }
            }
            return 0;
        }
    }

    /** Writes every matching event as one line, showing progress when given one; returns how many. */
    public long export(Connection connection, Filter filter, Writer out, Progress progress) throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("""
                WITH deleted AS (
                    SELECT DISTINCT aggregateidentifier, convert_from(payload, 'UTF8')::jsonb ->> 'messageId' AS message_id
                    FROM domainevententry WHERE payloadtype = ?)
                SELECT e.globalindex, e.timestamp, e.payloadtype, e.payloadrevision, e.aggregateidentifier, e.sequencenumber,
                       e.eventidentifier, e.type, e.payload, e.metadata, d.message_id IS NOT NULL AS body_deleted, k.key_bytes
                FROM domainevententry e
                LEFT JOIN deleted d ON e.payloadtype IN (?, ?, ?) AND d.aggregateidentifier = e.aggregateidentifier
                    AND d.message_id = convert_from(e.payload, 'UTF8')::jsonb ->> 'messageId'
                LEFT JOIN message_key k ON e.payloadtype IN (?, ?)
                    AND k.message_id = convert_from(e.payload, 'UTF8')::jsonb ->> 'messageId'
                WHERE TRUE""");
        List<Object> parameters = new ArrayList<>(List.of(DELETED, SENT, EDITED, ENCRYPTED, SENT, EDITED));
        bound(filter.from(), ">=", sql, parameters);
        bound(filter.to(), "<=", sql, parameters);
        if (!filter.types().isEmpty()) {
            sql.append(" AND (FALSE");
            for (String type : filter.types()) {
                sql.append(" OR e.payloadtype = ? OR e.payloadtype LIKE ?");
                parameters.add(type);
                parameters.add("%." + type);
            }
            sql.append(')');
        }
        if (filter.conversation() != null) {
            sql.append(" AND e.aggregateidentifier = ?");
            parameters.add(filter.conversation());
        }
        sql.append(" ORDER BY e.globalindex");

        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // the PostgreSQL driver streams with a cursor only inside a transaction
        long count = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.write(json.writeValueAsString(line(rows)));
                    out.write('\n');
                    ++count;
                    if (progress != null) {
                        progress.show(count, 0);
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return count;
    }

    private ObjectNode line(ResultSet row) throws SQLException {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>(row.getString("type"), row.getString("aggregateidentifier"),
                row.getLong("sequencenumber"), row.getString("eventidentifier"), row.getString("timestamp"),
                row.getString("payloadtype"), row.getString("payloadrevision"), row.getBytes("payload"), row.getBytes("metadata"));
        IntermediateEventRepresentation event = upcasters.upcast(Stream.of(new InitialEventRepresentation(stored, serializer)))
                .findFirst().orElseThrow();
        JsonNode payload = event.getData(JsonNode.class).getData().deepCopy();
        // a sealed body opens with its message's key; without one (the message or its sender deleted) it is gone
        if (payload instanceof ObjectNode fields && fields.path("body").isTextual() && SealedBody.isSealed(fields.get("body").textValue())) {
            byte[] key = row.getBytes("key_bytes");
            if (key == null) {
                fields.putNull("body");
            } else {
                fields.put("body", SealedBody.open(fields.get("body").textValue(), fields.path("messageId").asText(), key));
            }
        }
        // so does its file id; without the key the message no longer says which file it had
        if (payload instanceof ObjectNode fields && fields.path("media").path("mediaId").isTextual()
                && SealedBody.isSealed(fields.get("media").get("mediaId").textValue())) {
            byte[] key = row.getBytes("key_bytes");
            if (key == null) {
                fields.putNull("media");
            } else {
                ((ObjectNode) fields.get("media")).put("mediaId",
                        SealedBody.openFileId(fields.get("media").get("mediaId").textValue(), fields.path("messageId").asText(), key));
            }
        }
        if (row.getBoolean("body_deleted") && payload instanceof ObjectNode fields) {
            if (fields.has("body")) {
                fields.putNull("body");
            }
            if (fields.has("ciphertexts")) {
                fields.putNull("ciphertexts");
            }
        }
        String type = event.getType().getName();
        ObjectNode line = json.createObjectNode();
        line.put("position", row.getLong("globalindex"));
        line.put("timestamp", row.getString("timestamp"));
        line.put("type", type.substring(type.lastIndexOf('.') + 1));
        line.put("revision", event.getType().getRevision());
        line.put("aggregateId", row.getString("aggregateidentifier"));
        line.put("sequence", row.getLong("sequencenumber"));
        line.put("eventId", row.getString("eventidentifier"));
        line.set("payload", payload);
        return line;
    }

    /** A numeric bound is a log position; anything else an ISO-8601 time (the column holds ISO strings). */
    private static void bound(String value, String operator, StringBuilder sql, List<Object> parameters) {
        if (value == null) {
            return;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            sql.append(" AND e.globalindex ").append(operator).append(" ?");
            parameters.add(Long.parseLong(value));
        } else {
            sql.append(" AND e.timestamp::timestamptz ").append(operator).append(" ?::timestamptz");
            parameters.add(value);
        }
    }

    /** Progress on stderr, at most once a second. */
}
