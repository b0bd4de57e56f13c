package dev.messenger.processing;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC storage engine for the event log in PostgreSQL, reading the log with fewer round trips. Appends,
 * snapshots and what is read are unchanged; two things change in how it is read:
 *
 * <ul>
 *   <li><b>The tail: one statement per read.</b> The embedded event store reads the log's tail for every caught-up
 *   processor on one thread, woken after each local commit, and reads again after every read that found events, until
 *   a read finds none. Axon's stream for each read also went on until an empty fetch, each fetch in a transaction, an
 *   empty one followed by the check for gaps longer than a fetch: five statements in three transactions per wake-up.
 *   Here a read ends with a fetch that comes back short (a fetch is a window of global indices, so it can come back
 *   short while events lie beyond it: the reader's next read covers them, and an empty fetch still checks for a long
 *   stretch of gaps). An event whose transaction commits late (a gap) is fetched through the gaps the token keeps, by
 *   the wake-up its own commit causes. Three statements per wake-up; a fetch that comes back full goes on at once.</li>
 *   <li><b>Reads outside a transaction are single statements.</b> A processor's or the tail reader's fetch ran in a
 *   transaction of its own (BEGIN, SELECT, COMMIT); one SELECT sees one snapshot either way under PostgreSQL's read
 *   committed, so it now runs in autocommit. A read inside a command's transaction (loading an aggregate) still joins
 *   it, and appends and snapshots still run in a transaction ({@link ReadsWithoutTransaction}).</li>
 * </ul>
 */
public final class PostgresEventLog extends JdbcEventStorageEngine {

    private PostgresEventLog(Builder builder) {
        super(builder);
    }

    /** The engine {@code builder} describes, its transaction manager kept for writes only. */
    public static PostgresEventLog build(Builder builder, TransactionManager transactions) {
        return new PostgresEventLog(builder.transactionManager(new ReadsWithoutTransaction(transactions)));
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return super.readEventData(trackingToken, false); // a private stream of a processor that is behind
        }
        List<? extends TrackedEventData<?>> first = fetchTrackedEvents(trackingToken, batchSize());
        if (first.size() < batchSize()) {
            return first.stream();
        }
        TrackingToken last = first.get(first.size() - 1).trackingToken();
        return Stream.concat(first.stream(), Stream.of(last).flatMap(token -> super.readEventData(token, true)));
    }

    /**
     * Writes in a transaction of the given manager; reads as they are: joined to the transaction bound to the thread
     * if there is one, else one autocommit statement each.
     */
    static final class ReadsWithoutTransaction implements TransactionManager {

        private final TransactionManager writes;

        ReadsWithoutTransaction(TransactionManager writes) {
            this.writes = writes;
        }

        @Override
        public Transaction startTransaction() {
            return writes.startTransaction();
        }

        @Override
        public <T> T fetchInTransaction(Supplier<T> read) {
            return read.get();
        }
    }
}
