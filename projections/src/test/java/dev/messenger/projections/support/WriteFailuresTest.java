package dev.messenger.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Which failures stop a projection to retry (the store is unavailable) and which park the event (it never will be). */
class WriteFailuresTest {

    private static MongoBulkWriteException bulk(boolean writeConcern) {
        return new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                writeConcern ? List.of() : List.of(new BulkWriteError(28, "Cannot apply $addToSet", new BsonDocument(), 0)),
                writeConcern ? new WriteConcernError(64, "WriteConcernFailed", "waiting for replication", new BsonDocument()) : null,
                new ServerAddress(), Set.of());
    }

    @Test
    void anUnavailableStoreIsRetried() {
        List<Throwable> unavailable = List.of(new MongoTimeoutException("no server"),
                new MongoSocketReadException("reset", new ServerAddress()),
                bulk(true),
                new IOException("Connection refused"),
                new IllegalStateException("Timeout on blocking read for 60000000000 NANOSECONDS"),
                new org.redisson.client.RedisConnectionException("down"),
                new org.redisson.client.RedisException("NOSCRIPT No matching script"),
                new org.apache.kafka.common.errors.TimeoutException("no ack"),
                new IllegalStateException("Kafka did not acknowledge the batch", new java.util.concurrent.TimeoutException()),
                new java.sql.SQLTransientConnectionException("pool exhausted"),
                new IllegalStateException("append failed", new java.sql.SQLException("An I/O error occurred while sending to the backend", "08006")),
                new java.sql.SQLException("terminating connection due to administrator command", "57P01"),
                new RuntimeException("Failed to create a SQL statement", new java.sql.SQLException("Connection is closed")));
        assertThat(unavailable).allMatch(WriteFailures::isUnavailable);
    }

    @Test
    void aWriteTheStoreRefusesIsNot() {
        List<Throwable> refused = List.of(bulk(false),
                new WriteFailures.WriteRefused("search index refused m-1: mapper_parsing_exception"),
                new NullPointerException(),
                new IllegalArgumentException("bad"),
                new org.redisson.client.RedisException("WRONGTYPE Operation against a key holding the wrong kind of value"),
                new org.apache.kafka.common.errors.RecordTooLargeException("too large"),
                // refused wins over an IOException around it
                new IOException("bulk", new WriteFailures.WriteRefused("refused")));
        assertThat(refused).noneMatch(WriteFailures::isUnavailable);
    }
}
