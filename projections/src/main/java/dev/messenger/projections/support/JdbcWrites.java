package dev.messenger.projections.support;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL projection's writes for one processing batch, sent once the batch's last event has been handled
 * ({@link FlushAfterLastEvent}) in the order they were added: each run of one statement is one JDBC batch, which the
 * driver sends as a pipeline, so a batch of a hundred messages costs a round trip instead of a hundred. They run on the
 * processor's connection, in the transaction that also stores its token.
 */
public final class JdbcWrites implements ProcessingBatch.PendingWrites {

    private record Write(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final List<Write> writes = new ArrayList<>();

    private JdbcWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The current batch's writes for a projection ({@code key} names the projection). */
    public static JdbcWrites of(String key, JdbcTemplate jdbc) {
        return ProcessingBatch.resource(JdbcWrites.class.getName() + "/" + key, () -> new JdbcWrites(jdbc));
    }

    /** Adds a write; outside a processing batch (nothing would flush it) it is made at once. */
    public void add(String sql, Object... args) {
        writes.add(new Write(sql, args));
        if (!ProcessingBatch.isActive()) {
            flush();
        }
    }

    @Override
    public void flush() {
        List<Write> held = List.copyOf(writes);
        writes.clear(); // made or failed, never made again with the next event's writes
        int start = 0;
        while (start < held.size()) {
            String sql = held.get(start).sql();
            int end = start;
            List<Object[]> args = new ArrayList<>();
            while (end < held.size() && held.get(end).sql().equals(sql)) {
                args.add(held.get(end++).args());
            }
            if (args.size() == 1) {
                jdbc.update(sql, args.get(0));
            } else {
                jdbc.batchUpdate(sql, args);
            }
            start = end;
        }
    }

    @Override
    public void discard() {
        writes.clear();
    }
}
