package dev.messenger.gateway.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.Random;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * The upgrade to sealed file references (schema version 19): every {@code MessageSent} whose file id the log holds in the
 * clear is rewritten in place, as {@link SealLegacyBodies} did for bodies and for the same reason. A deleted message's
 * reference is removed ({@code "media": null}); any other's id is sealed under its message's key (made when the message
 * has none yet). Type, size and dimensions stay: they tell what kind of file it was, not which.
 */
@Component
public class SealLegacyFileReferences implements JavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH = 1_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("19");
    }

    @Override
    public String getDescription() {
        return "seal file references stored in the clear";
    }

    @Override
    public Integer getChecksum() {
        return 19;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        sealAll(context.getConnection());
    }

    /** What was rewritten: references sealed, and references of deleted messages removed. */
    public record Outcome(long sealed, long removed) {
    }

    /** Seals (or, for deleted messages, removes) every file reference the log holds in the clear; sealed ones are left alone. */
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
        long sealed = 0;
        long removed = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, not the whole log in memory
        try (PreparedStatement select = connection.prepareStatement("SELECT globalindex, convert_from(payload, 'UTF8') FROM domainevententry "
                + "WHERE payloadtype = ? AND convert_from(payload, 'UTF8')::jsonb -> 'media' ->> 'mediaId' NOT LIKE ? ORDER BY globalindex");
             PreparedStatement update = connection.prepareStatement("UPDATE domainevententry SET payload = ? WHERE globalindex = ?");
             PreparedStatement insertKey = connection.prepareStatement("INSERT INTO message_key (message_id, sender_id, key_bytes, "
                     + "conversation_id, seq, media_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
             PreparedStatement findKey = connection.prepareStatement("SELECT key_bytes FROM message_key WHERE message_id = ?")) {
            select.setFetchSize(FETCH);
            select.setString(1, MessageSent.class.getName());
            select.setString(2, SealedBody.PREFIX + "%");
            int pending = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ObjectNode payload = (ObjectNode) JSON.readTree(rows.getString(2));
                    JsonNode media = payload.get("media");
                    String messageId = payload.path("messageId").asText();
                    if (deleted.contains(messageId)) {
                        payload.putNull("media");
                        removed++;
                    } else {
                        byte[] key = keyOf(findKey, insertKey, payload, media.get("mediaId").textValue());
                        ((ObjectNode) media).put("mediaId", SealedBody.sealFileId(media.get("mediaId").textValue(), messageId, key));
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
        return new Outcome(sealed, removed);
    }

    /** The message's key, made with its row (place and file) when it has none: a message is sent once, so one row each. */
    private static byte[] keyOf(PreparedStatement findKey, PreparedStatement insertKey, ObjectNode message, String mediaId) throws SQLException {
        String messageId = message.path("messageId").asText();
        findKey.setString(1, messageId);
        try (ResultSet found = findKey.executeQuery()) {
            if (found.next()) {
                return found.getBytes(1);
            }
        }
        byte[] key = Random.randBytes(SealedBody.KEY_BYTES);
        insertKey.setString(1, messageId);
        insertKey.setString(2, message.path("senderId").asText());
        insertKey.setBytes(3, key);
        insertKey.setString(4, message.path("conversationId").asText());
        insertKey.setLong(5, message.path("seq").asLong());
        insertKey.setString(6, mediaId);
        insertKey.executeUpdate();
        return key;
    }
}
