package dev.messenger.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;

/** What makes a lost append race retryable (a ConcurrencyException) rather than a 500. */
class PostgresDuplicateKeysTest {

    private final PostgresDuplicateKeys resolver = new PostgresDuplicateKeys();

    @Test
    void aUniqueViolationInABatchEntryIsADuplicateKey() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO DomainEventEntry was aborted", "23505", 0,
                new int[0], new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("append failed", batch))).isTrue();
    }

    @Test
    void aUniqueViolationOnlyInTheNextExceptionIsADuplicateKey() {
        SQLException batch = new SQLException("batch aborted", (String) null);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new EventStoreException("no SQL at all"))).isFalse();
    }
}
