package dev.messenger.gateway.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.subtle.Random;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The upgrade to sealed bodies (schema version 12, after {@code message_key}): every body the log holds in the clear is
 * rewritten in place. A message that was deleted loses its body (and every edit's) for good, {@code null}, as a replay
 * already showed it: nothing may keep it. Any other gets a key of its own and its versions are sealed under it, so that
 * deleting it later destroys them. Run by the first gateway that starts on the new version, in the migration's
 * transaction ({@link LogRewrite}).
 */
@Component
public class SealLegacyBodies extends LogRewrite {

    public SealLegacyBodies() {
        super(12, "seal message bodies stored in the clear");
    }

    /** What was rewritten. */
    public record Outcome(long sealed, long redacted) {
    }

    @Override
    void rewriteAll(Connection connection) throws Exception {
        sealAll(connection);
    }

    /** Seals (or, for deleted messages, removes) every body the log holds in the clear; sealed ones are left alone. */
    public static Outcome sealAll(Connection connection) throws Exception {
        Set<String> deleted = deletedMessages(connection);
        Map<String, byte[]> keys = new HashMap<>();
        long[] counts = new long[2];
        try (PreparedStatement insertKey = connection.prepareStatement("INSERT INTO message_key (message_id, sender_id, key_bytes) "
                + "VALUES (?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
             PreparedStatement findKey = connection.prepareStatement("SELECT key_bytes FROM message_key WHERE message_id = ?")) {
            rewriteEach(connection, "payloadtype IN (?, ?) AND convert_from(payload, 'UTF8')::jsonb ->> 'body' NOT LIKE ?",
                    new Object[] {MessageSent.class.getName(), MessageEdited.class.getName(), SealedBody.PREFIX + "%"}, payload -> {
                        JsonNode body = payload.get("body");
                        if (body == null || !body.isTextual()) {
                            return false;
                        }
                        String messageId = payload.path("messageId").asText();
                        if (deleted.contains(messageId)) {
                            payload.putNull("body");
                            counts[1]++;
                        } else {
                            byte[] key = keys.computeIfAbsent(messageId, id -> stored(findKey, insertKey, id, payload.path("senderId").asText()));
                            payload.put("body", SealedBody.seal(body.textValue(), messageId, key));
                            counts[0]++;
                        }
                        return true;
                    });
        }
        return new Outcome(counts[0], counts[1]);
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
