package dev.messenger.gateway.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.MessageDeleted;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * An upgrade that rewrites events of the log in place, in the migration's transaction: what {@link SealLegacyBodies} and
 * {@link SealLegacyFileReferences} share. The log is immutable but for these: an event that keeps personal data in the
 * clear can never be made to forget it. Events keep their ids, positions, types and revisions; the checksum is the
 * version, since the code of a Java migration is not checksummed by Flyway.
 */
abstract class LogRewrite implements JavaMigration {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH = 1_000;

    private final int version;
    private final String description;

    LogRewrite(int version, String description) {
        this.version = version;
        this.description = description;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return version;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    /** Changes a payload in place; false leaves its event as it is. */
    @FunctionalInterface
    interface PayloadRewrite {
        boolean rewrite(ObjectNode payload) throws Exception;
    }

    /** The ids of the messages the log records as deleted. */
    static Set<String> deletedMessages(Connection connection) throws Exception {
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
        return deleted;
    }

    /**
     * Reads the events {@code where} selects ({@code SELECT ... FROM domainevententry WHERE <where>}, its parameters
     * {@code parameters}) in log order through a cursor, and writes back each payload {@code rewrite} changed, in
     * batches. Commits only when it found the connection committing each statement on its own.
     */
    static void rewriteEach(Connection connection, String where, Object[] parameters, PayloadRewrite rewrite) throws Exception {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, not the whole log in memory
        try (PreparedStatement select = connection.prepareStatement("SELECT globalindex, convert_from(payload, 'UTF8') FROM domainevententry "
                + "WHERE " + where + " ORDER BY globalindex");
             PreparedStatement update = connection.prepareStatement("UPDATE domainevententry SET payload = ? WHERE globalindex = ?")) {
            select.setFetchSize(FETCH);
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            int pending = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ObjectNode payload = (ObjectNode) JSON.readTree(rows.getString(2));
                    if (!rewrite.rewrite(payload)) {
                        continue;
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
    }

    @Override
    public void migrate(Context context) throws Exception {
        rewriteAll(context.getConnection());
    }

    abstract void rewriteAll(Connection connection) throws Exception;
}
