package dev.messenger.gateway.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.Random;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * The upgrade to sealed bodies (schema version 12, after {@code message_key}): every body the log holds in the clear is
 * rewritten in place. A message that was deleted loses its body (and every edit's) for good, {@code null}, as a replay
 * already showed it: nothing may keep it. Any other gets a key of its own and its versions are sealed under it, so that
 * deleting it later destroys them. Rewriting the log in place is the one exception to its immutability, made once,
 * because an event that keeps a body in the clear can never be made to forget it; the events keep their ids, positions,
 * types and revisions. Run by the first gateway that starts on the new version, in the migration's transaction.
 */
@Component
public class SealLegacyBodies implements JavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH = 1_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "seal message bodies stored in the clear";
    }

    @Override
    public Integer getChecksum() {
        return 12;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        sealAll(context.getConnection());
    }

    /** What was rewritten. */
    public record Outcome(long sealed, long redacted) {
    }

    /** Seals (or, for deleted messages, removes) every body the log holds in the clear; sealed ones are left alone. */
    public static Outcome sealAll(Connection connection) throws Exception {
        Set<String> deleted = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'messageId' FROM domainevententry WHERE payloadtype = ?")) {
            select.setString(1, MessageDeleted.class.getName());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    deleted.add(rows.getString(1));
                }
            }
        }
        Map<String, byte[]> keys = new HashMap<>();
        long sealed = 0;
        long redacted = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, not the whole log in memory
        try (PreparedStatement select = connection.prepareStatement("SELECT globalindex, convert_from(payload, 'UTF8') FROM domainevententry "
                + "WHERE payloadtype IN (?, ?) AND convert_from(payload, 'UTF8')::jsonb ->> 'body' NOT LIKE ? ORDER BY globalindex");
             PreparedStatement update = connection.prepareStatement("UPDATE domainevententry SET payload = ? WHERE globalindex = ?");
             PreparedStatement insertKey = connection.prepareStatement("INSERT INTO message_key (message_id, sender_id, key_bytes) "
                     + "VALUES (?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
             PreparedStatement findKey = connection.prepareStatement("SELECT key_bytes FROM message_key WHERE message_id = ?")) {
            select.setFetchSize(FETCH);
            select.setString(1, MessageSent.class.getName());
            select.setString(2, MessageEdited.class.getName());
            select.setString(3, SealedBody.PREFIX + "%");
            int pending = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ObjectNode payload = (ObjectNode) JSON.readTree(rows.getString(2));
                    JsonNode body = payload.get("body");
                    if (body == null || !body.isTextual()) {
                        continue;
                    }
                    String messageId = payload.path("messageId").asText();
                    if (deleted.contains(messageId)) {
                        payload.putNull("body");
                        redacted++;
                    } else {
                        byte[] key = keys.computeIfAbsent(messageId, id -> stored(findKey, insertKey, id, payload.path("senderId").asText()));
                        payload.put("body", SealedBody.seal(body.textValue(), messageId, key));
                        sealed++;
                    }
                    update.setBytes(1, JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
                    update.setLong(2, rows.getLong(1));
                    update.addBatch();
                    if (++pending == FETCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        } finally {
            if (autoCommit) {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
        return new Outcome(sealed, redacted);
    }

    private static byte[] stored(PreparedStatement findKey, PreparedStatement insertKey, String messageId, String senderId) {
        try {
            byte[] key = Random.randBytes(SealedBody.KEY_BYTES);
            insertKey.setString(1, messageId);
            insertKey.setString(2, senderId);
            insertKey.setBytes(3, key);
            if (insertKey.executeUpdate() == 1) {
                return key;
            }
            findKey.setString(1, messageId);
            try (ResultSet found = findKey.executeQuery()) {
                found.next();
                return found.getBytes(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
