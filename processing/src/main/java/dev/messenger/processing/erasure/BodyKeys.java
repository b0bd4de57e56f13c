package dev.messenger.processing.erasure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.subtle.Random;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each message's body key, in PostgreSQL ({@code message_key}), outside the event log: the log holds the body sealed
 * under it ({@link SealingSerializer}); deleting the key is deleting the body everywhere the log is copied to.
 *
 * <p>JDBC through Spring's {@link JdbcTemplate}, so a key is written in the transaction that appends its message's
 * event (the thread's transaction): both commit, or neither does. Keys are remembered for a while on each node (the
 * projections of a node all read a new message's key once, and the node that sent it never), at most
 * {@code maximumSize} of them and for {@link #REMEMBERED}: a key destroyed on one node is forgotten by the others'
 * memory within that time, never by the database.
 */
public final class BodyKeys {

    private static final int KEY_BYTES = dev.messenger.events.message.SealedBody.KEY_BYTES;
    static final Duration REMEMBERED = Duration.ofMinutes(10);
    /** What the memory holds for a message known to have no key (destroyed, or never sealed). */
    private static final byte[] NONE = new byte[0];

    private final JdbcTemplate jdbc;
    private final Cache<String, byte[]> remembered;
    /** The keys the append running on this thread stored ({@link #storingKeysOf}), by message id; null outside one. */
    private final ThreadLocal<Map<String, byte[]>> storedByThisAppend = new ThreadLocal<>();

    /** A message that an append seals a body or a file of: what {@code message_key} keeps with its key. */
    public record NewMessage(String messageId, String senderId, String conversationId, long seq, String mediaId) {
    }

    public BodyKeys(JdbcTemplate jdbc, long maximumSize) {
        this.jdbc = jdbc;
        this.remembered = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(REMEMBERED).build();
    }

    /**
     * The key to seal a message's body with, stored in the current transaction with where the message is (its sender,
     * conversation and seq: {@link #placesOfMessagesBy}) and the file it carries, if any (null for an edit). The same message again (an edit, an append retried after a
     * lost race, or its transaction rolled back) gets the same key: whichever was stored first.
     */
    public byte[] keyForNewMessage(String messageId, String senderId, String conversationId, long seq, String mediaId) {
        Map<String, byte[]> thisAppend = storedByThisAppend.get();
        byte[] storedKey = thisAppend == null ? null : thisAppend.get(messageId);
        if (storedKey != null) {
            return storedKey;
        }
        byte[] known = remembered.getIfPresent(messageId);
        // inserted again even when remembered: the transaction that stored it may have been rolled back
        byte[] key = known != null && known.length == KEY_BYTES ? known : Random.randBytes(KEY_BYTES);
        int inserted = jdbc.update("INSERT INTO message_key (message_id, sender_id, key_bytes, conversation_id, seq, media_id) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING", messageId, senderId, key, conversationId, seq, mediaId);
        if (inserted == 0) {
            List<byte[]> stored = jdbc.queryForList("SELECT key_bytes FROM message_key WHERE message_id = ?", byte[].class, messageId);
            key = stored.isEmpty() ? key : stored.get(0);
        }
        remembered.put(messageId, key);
        return key;
    }

    /**
     * Runs {@code append} (an append of events to the log, in the current transaction) with the keys of these messages
     * stored first, all in one statement, where {@link #keyForNewMessage} takes them from: a group commit of several
     * sends then writes one row set, not a statement per message (about two points of a gateway's CPU at saturation:
     * docs/performance.md, twenty-fifth step). What each message gets is what {@link #keyForNewMessage} would have
     * given it: the key already stored for it, if any, else a new one; the first of a message's entries gives its place.
     */
    public void storingKeysOf(List<NewMessage> messages, Runnable append) {
        if (messages.isEmpty() || storedByThisAppend.get() != null) {
            append.run();
            return;
        }
        storedByThisAppend.set(storeKeys(messages));
        try {
            append.run();
        } finally {
            storedByThisAppend.remove();
        }
    }

    private Map<String, byte[]> storeKeys(List<NewMessage> messages) {
        Map<String, NewMessage> first = new java.util.LinkedHashMap<>();
        messages.forEach(message -> first.putIfAbsent(message.messageId(), message));
        Map<String, byte[]> keys = new java.util.HashMap<>();
        int n = first.size();
        String[] ids = new String[n], senders = new String[n], conversations = new String[n], files = new String[n];
        Long[] seqs = new Long[n];
        byte[][] keyBytes = new byte[n][];
        int i = 0;
        for (NewMessage message : first.values()) {
            byte[] known = remembered.getIfPresent(message.messageId());
            // stored again even when remembered, as one at a time: the transaction that stored it may have been rolled back
            keyBytes[i] = known != null && known.length == KEY_BYTES ? known : Random.randBytes(KEY_BYTES);
            ids[i] = message.messageId();
            senders[i] = message.senderId();
            conversations[i] = message.conversationId();
            seqs[i] = message.seq();
            files[i] = message.mediaId();
            keys.put(ids[i], keyBytes[i]);
            i++;
        }
        java.util.Set<String> inserted = new java.util.HashSet<>();
        jdbc.query("INSERT INTO message_key (message_id, sender_id, key_bytes, conversation_id, seq, media_id) "
                        + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bytea[], ?::varchar[], ?::bigint[], ?::varchar[]) "
                        + "ON CONFLICT (message_id) DO NOTHING RETURNING message_id",
                statement -> {
                    java.sql.Connection connection = statement.getConnection();
                    statement.setArray(1, connection.createArrayOf("varchar", ids));
                    statement.setArray(2, connection.createArrayOf("varchar", senders));
                    statement.setArray(3, connection.createArrayOf("bytea", keyBytes));
                    statement.setArray(4, connection.createArrayOf("varchar", conversations));
                    statement.setArray(5, connection.createArrayOf("bigint", seqs));
                    statement.setArray(6, connection.createArrayOf("varchar", files));
                },
                row -> {
                    inserted.add(row.getString(1));
                });
        if (inserted.size() < n) {
            // stored before (an edit, a retried append): the key stored first is the message's
            List<String> earlier = new ArrayList<>(first.keySet());
            earlier.removeAll(inserted);
            jdbc.query("SELECT message_id, key_bytes FROM message_key WHERE message_id = ANY (?)",
                    statement -> statement.setArray(1, statement.getConnection().createArrayOf("varchar", earlier.toArray())),
                    row -> {
                        keys.put(row.getString(1), row.getBytes(2));
                    });
        }
        keys.forEach(remembered::put);
        return keys;
    }

    /** The message's key, or null when it has none (destroyed: the body is gone). */
    public byte[] find(String messageId) {
        byte[] key = remembered.get(messageId, id -> {
            List<byte[]> stored = jdbc.queryForList("SELECT key_bytes FROM message_key WHERE message_id = ?", byte[].class, id);
            return stored.isEmpty() ? NONE : stored.get(0);
        });
        return key.length == KEY_BYTES ? key : null;
    }

    /** Reads the keys of these messages that are not remembered, in one query (a batch of the log about to be read). */
    public void prefetch(Collection<String> messageIds) {
        List<String> missing = new ArrayList<>();
        for (String id : messageIds) {
            if (remembered.getIfPresent(id) == null) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, byte[]> found = new java.util.HashMap<>();
        jdbc.query("SELECT message_id, key_bytes FROM message_key WHERE message_id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("varchar", missing.toArray())),
                row -> {
                    found.put(row.getString(1), row.getBytes(2));
                });
        for (String id : missing) {
            remembered.put(id, found.getOrDefault(id, NONE));
        }
    }

    /** Where a message is: what deleting its sender's account erases. */
    public record MessagePlace(String conversationId, String messageId, long seq) {
    }

    /**
     * The places of every message of this sender whose key is not destroyed, by conversation and seq. The write side's
     * own record (written with each message), so an account's erasure neither reads the log nor trusts a read model.
     */
    public List<MessagePlace> placesOfMessagesBy(String senderId) {
        return jdbc.query("SELECT conversation_id, message_id, seq FROM message_key WHERE sender_id = ? AND conversation_id IS NOT NULL "
                        + "ORDER BY conversation_id, seq",
                (row, i) -> new MessagePlace(row.getString(1), row.getString(2), row.getLong(3)), senderId);
    }

    /** Destroys every key of this sender's messages: the last step of erasing an account (those its deletes missed). */
    public int destroyAllOf(String senderId) {
        List<String> destroyed = new ArrayList<>();
        jdbc.query("DELETE FROM message_key WHERE sender_id = ? RETURNING message_id, media_id", row -> {
            destroyed.add(row.getString(1));
            fileOfDeleted(row.getString(2));
        }, senderId);
        destroyed.forEach(id -> remembered.put(id, NONE));
        return destroyed.size();
    }

    /**
     * Destroys the message's key (in the current transaction): its body can no longer be read from the log. Its file,
     * if it had one, is queued for deletion ({@code media_erasure}), which checks that nothing else shows it first.
     */
    public void destroy(String messageId) {
        jdbc.query("DELETE FROM message_key WHERE message_id = ? RETURNING media_id", row -> {
            fileOfDeleted(row.getString(1));
        }, messageId);
        remembered.put(messageId, NONE);
    }

    private void fileOfDeleted(String mediaId) {
        if (mediaId != null) {
            jdbc.update("INSERT INTO media_erasure (media_id) VALUES (?) ON CONFLICT (media_id) DO NOTHING", mediaId);
        }
    }
}
