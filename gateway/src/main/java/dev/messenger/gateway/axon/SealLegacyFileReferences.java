package dev.messenger.gateway.axon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.subtle.Random;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The upgrade to sealed file references (schema version 19): every {@code MessageSent} whose file id the log holds in the
 * clear is rewritten in place, as {@link SealLegacyBodies} did for bodies and for the same reason. A deleted message's
 * reference is removed ({@code "media": null}); any other's id is sealed under its message's key (made when the message
 * has none yet). Type, size and dimensions stay: they tell what kind of file it was, not which.
 */
@Component
public class SealLegacyFileReferences extends LogRewrite {

    public SealLegacyFileReferences() {
        super(19, "seal file references stored in the clear");
    }

    /** What was rewritten: references sealed, and references of deleted messages removed. */
    public record Outcome(long sealed, long removed) {
    }

    @Override
    void rewriteAll(Connection connection) throws Exception {
        sealAll(connection);
    }

    /** Seals (or, for deleted messages, removes) every file reference the log holds in the clear; sealed ones are left alone. */
    public static Outcome sealAll(Connection connection) throws Exception {
        Set<String> deleted = deletedMessages(connection);
        long[] counts = new long[2];
        try (PreparedStatement insertKey = connection.prepareStatement("INSERT INTO message_key (message_id, sender_id, key_bytes, "
                + "conversation_id, seq, media_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
             PreparedStatement findKey = connection.prepareStatement("SELECT key_bytes FROM message_key WHERE message_id = ?")) {
            rewriteEach(connection, "payloadtype = ? AND convert_from(payload, 'UTF8')::jsonb -> 'media' ->> 'mediaId' NOT LIKE ?",
                    new Object[] {MessageSent.class.getName(), SealedBody.PREFIX + "%"}, payload -> {
                        ObjectNode media = (ObjectNode) payload.get("media");
                        String messageId = payload.path("messageId").asText();
                        if (deleted.contains(messageId)) {
                            payload.putNull("media");
                            counts[1]++;
                        } else {
                            String mediaId = media.get("mediaId").textValue();
                            media.put("mediaId", SealedBody.sealFileId(mediaId, messageId, keyOf(findKey, insertKey, payload, mediaId)));
                            counts[0]++;
                        }
                        return true;
                    });
        }
        return new Outcome(counts[0], counts[1]);
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
