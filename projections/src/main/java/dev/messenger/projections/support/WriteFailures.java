package dev.messenger.projections.support;

import java.util.Locale;

/**
 * Tells a read-model write that failed because its store is unavailable (down, restarting, overloaded, slow:
 * the same write will succeed later, so the projection must stop and retry, never skip the event) from one the
 * store refused for what it is (too large, the wrong shape, a bug in a handler: retrying changes nothing, so the
 * event is parked in the dead-letter queue and the projection goes on). When in doubt, unavailable: a wrongly
 * parked event is one conversation's read model out of date until an operator retries it; a wrongly retried
 * one only stops the projection, and the alert on its lag says so.
 */
public final class WriteFailures {

    private WriteFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth++ < 32; cause = cause.getCause()) {
            if (cause instanceof WriteRefused) {
                return false; // what the store said about the write, wherever it is wrapped
            }
        }
        depth = 0;
        for (Throwable cause = failure; cause != null && depth++ < 32; cause = cause.getCause()) {
            if (unavailable(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return cause instanceof java.io.IOException                       // connections to OpenSearch and Kafka, timeouts
                || cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof InterruptedException
                || cause instanceof java.sql.SQLTransientException
                || cause instanceof java.sql.SQLRecoverableException
                // SQLSTATE class 08 (connection exception) and 57P (the server shut down or crashed)
                || cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))
                // the pool's connection, closed under a statement when PostgreSQL went away (no SQLState: FaultToleranceIT saw a 500)
                || cause instanceof java.sql.SQLException && message.equals("connection is closed")
                || cause instanceof org.springframework.dao.TransientDataAccessException
                || cause instanceof org.springframework.dao.DataAccessResourceFailureException
                || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                || cause instanceof com.mongodb.MongoTimeoutException
                || cause instanceof com.mongodb.MongoSocketException
                || cause instanceof com.mongodb.MongoNotPrimaryException
                || cause instanceof com.mongodb.MongoNodeIsRecoveringException
                || cause instanceof com.mongodb.MongoWriteConcernException
                || cause instanceof com.mongodb.MongoInterruptedException
                || cause instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteConcernError() != null
                || cause instanceof org.redisson.client.RedisConnectionException
                || cause instanceof org.redisson.client.RedisTimeoutException
                || cause instanceof org.redisson.client.RedisRetryException
                || cause instanceof org.redisson.client.RedisLoadingException
                || cause instanceof org.redisson.client.RedisException && message.contains("noscript")
                || cause instanceof org.apache.kafka.common.errors.RetriableException
                || cause instanceof org.opensearch.client.opensearch._types.OpenSearchException search
                        && (search.status() == 429 || search.status() >= 500)
                // a reactive write that did not complete in time (Reactor's block(Duration))
                || cause instanceof IllegalStateException && message.startsWith("timeout on blocking read");
    }

    /** A write the store refused for what it is: never retried as such. */
    public static final class WriteRefused extends RuntimeException {
        public WriteRefused(String message) {
            super(message);
        }
    }
}
