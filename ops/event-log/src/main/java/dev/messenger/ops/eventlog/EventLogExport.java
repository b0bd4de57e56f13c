package dev.messenger.ops.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
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

        public static Filter parse(List<String> args) {
            String from = null;
            String to = null;
            String conversation = null;
            List<String> types = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--out")) {
                    i++;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--from" -> from = value;
                    case "--to" -> to = value;
                    case "--type" -> types.add(value);
                    case "--conversation" -> conversation = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            checkBound(from);
            checkBound(to);
            return new Filter(from, to, List.copyOf(types), conversation);
        }

        private static void checkBound(String value) {
            if (value != null && !value.chars().allMatch(Character::isDigit)) {
                try {
                    java.time.OffsetDateTime.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("not a position or an ISO-8601 time with offset: " + value);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("ops/messenger replay [--from TIME|POSITION] [--to TIME|POSITION] [--type TYPE]... "
                    + "[--conversation ID] [--out FILE]   (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD)");
            return;
        }
        Filter filter;
        try {
            filter = Filter.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int out = arguments.indexOf("--out");
        Path file = out >= 0 && out + 1 < arguments.size() ? Path.of(arguments.get(out + 1)) : null;
        try (Connection connection = EventLogDatabase.connect();
             Writer writer = file == null
                     ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
                     : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Progress progress = file == null ? Progress.SILENT : new Progress();
            long count = new EventLogExport().export(connection, filter, writer, progress);
            writer.flush();
            if (file != null) {
                progress.done(count, file);
            }
        }
    }

    /** Writes every matching event as one line; returns how many. */
    public long export(Connection connection, Filter filter, Writer out, Progress progress) throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("""
                WITH deleted AS (
                    SELECT DISTINCT aggregateidentifier, convert_from(payload, 'UTF8')::jsonb ->> 'messageId' AS message_id
                    FROM domainevententry WHERE payloadtype = ?)
                SELECT e.globalindex, e.timestamp, e.payloadtype, e.payloadrevision, e.aggregateidentifier, e.sequencenumber,
                       e.eventidentifier, e.type, e.payload, e.metadata, d.message_id IS NOT NULL AS body_deleted
                FROM domainevententry e
                LEFT JOIN deleted d ON e.payloadtype IN (?, ?, ?) AND d.aggregateidentifier = e.aggregateidentifier
                    AND d.message_id = convert_from(e.payload, 'UTF8')::jsonb ->> 'messageId'
                WHERE TRUE""");
        List<Object> parameters = new ArrayList<>(List.of(DELETED, SENT, EDITED, ENCRYPTED));
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
                    progress.exported(++count);
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
    public static class Progress {

        static final Progress SILENT = new Progress() {
            @Override
            void exported(long count) {
            }
        };

        private final long start = System.nanoTime();
        private long lastPrint = start;

        void exported(long count) {
            long now = System.nanoTime();
            if (now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                System.err.printf("\r%,d events (%,.0f events/s)", count, count / ((now - start) / 1e9));
            }
        }

        void done(long count, Path file) {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("\r%,d events exported to %s in %.1f s (%,.0f events/s)%n", count, file, seconds,
                    count / Math.max(seconds, 0.001));
        }
    }
}
