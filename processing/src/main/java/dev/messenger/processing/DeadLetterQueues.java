package dev.messenger.processing;

import dev.messenger.projections.block.BlocksProjection;
import dev.messenger.projections.conversation.InboxProjection;
import dev.messenger.projections.feed.FeedProjection;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.kafka.KafkaPublisher;
import dev.messenger.projections.privacy.PrivacyProjection;
import dev.messenger.projections.push.PushProjection;
import dev.messenger.projections.search.SearchProjection;
import dev.messenger.projections.support.ProcessingBatch;
import dev.messenger.projections.support.WriteFailures;
import dev.messenger.projections.unread.UnreadProjection;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Every projection has Axon's sequenced dead-letter queue, in PostgreSQL: an event it can never apply (a write its
 * store refuses, a handler that throws) is parked with the rest of its conversation's events (the sequence is the
 * aggregate), while every other conversation goes on. An unavailable store is not a poison event: the projection
 * stops and retries, as before, and skips nothing.
 *
 * <p>Projections write a batch's events together, so a failing write cannot be pinned on one event at once: the
 * batch is retried event by event ({@link ProcessingBatch#isolateNextBatch}) and only the event whose own writes fail
 * is parked. Operators list, retry and drop parked sequences ({@code /admin/dead-letters}, {@code ops/messenger
 * dead-letters}); {@code messenger.projection.dead_letters} counts them.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterQueues {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);

    /** Every processing group; each gets a queue. */
    public static final List<String> GROUPS = List.of(HistoryProjection.GROUP, InboxProjection.GROUP, BlocksProjection.GROUP,
            FeedProjection.GROUP, UnreadProjection.GROUP, SearchProjection.GROUP, PrivacyProjection.GROUP, PushProjection.GROUP,
            KafkaPublisher.GROUP);
    /** Conversations parked per projection before it stops (an overflow stops the processor, so nothing is lost). */
    static final int MAX_SEQUENCES = 10_000;
    /** Events parked behind one poison event of a conversation. */
    static final int MAX_SEQUENCE_SIZE = 100_000;
    /** Conversations per segment remembered as not parked, so a non-empty queue is not asked about every event. */
    static final int NOT_PARKED_CACHE = 10_000;

    @Autowired
    void configureDeadLetterQueues(EventProcessingConfigurer processing, ConnectionProvider connections, TransactionManager transactions,
                                   org.springframework.beans.factory.ObjectProvider<dev.messenger.processing.erasure.BodyKeys> bodyKeys) {
        processing.registerDeadLetterQueueProvider(group -> configuration -> JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(DeadLetterSchema.defaultSchema())
                .genericSerializer(configuration.serializer())
                // a parked message keeps its body sealed under the message's key: its delete forgets the parked copy too
                .eventSerializer(bodyKeys.getIfAvailable() == null ? configuration.eventSerializer()
                        : dev.messenger.processing.erasure.SealingSerializer.withExistingKeys(configuration.eventSerializer(), bodyKeys.getObject()))
                .maxSequences(MAX_SEQUENCES)
                .maxSequenceSize(MAX_SEQUENCE_SIZE)
                .build());
        processing.registerDefaultDeadLetterPolicy(configuration -> DeadLetterQueues::decide);
        for (String group : GROUPS) {
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(group, (configuration, invoker) -> invoker
                    .enableSequenceIdentifierCache()
                    .sequenceIdentifierCacheSize(NOT_PARKED_CACHE)
                    .transactionManager(transactions) // the queue's own transactions, also for Mongo-token projections
                    .allowReset(true)); // a rebuild replays every event, the parked ones too
        }
    }

    /**
     * Park, or stop and retry. An unavailable store is thrown back (the processor retries the batch, skipping
     * nothing); a failure in a batch of several is thrown back once with the batch isolated, so its retry pins
     * the failure on one event; that event is parked, with a cause that names the failure, never its data.
     */
    static EnqueueDecision<EventMessage<?>> decide(org.axonframework.messaging.deadletter.DeadLetter<? extends EventMessage<?>> letter,
                                                   Throwable cause) {
        if (WriteFailures.isUnavailable(cause)) {
            throw rethrow(cause);
        }
        if (ProcessingBatch.sharesWrites()) {
            ProcessingBatch.isolateNextBatch();
            log.warn("a batch failed ({}); retrying it event by event to find the event that cannot be applied", describe(cause));
            throw rethrow(cause);
        }
        ProcessingBatch.discardPendingWrites();
        log.warn("event {} parked in the dead-letter queue: {}", letter.message().getIdentifier(), describe(cause));
        return Decisions.enqueue(new ParkedBecause(describe(cause)));
    }

    /** What failed, by exception types and server error codes: no document, body or key a user sent. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 900; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getName());
            if (cause instanceof com.mongodb.MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
                text.append(" (write error ").append(bulk.getWriteErrors().get(0).getCode()).append(')');
            } else if (cause instanceof com.mongodb.MongoServerException server) {
                text.append(" (code ").append(server.getCode()).append(' ').append(server.getErrorCodeName()).append(')');
            } else if (cause instanceof WriteFailures.WriteRefused refused) {
                text.append(" (").append(refused.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("projection write failed", cause);
    }

    /** The cause stored with a parked event. */
    static final class ParkedBecause extends RuntimeException {
        ParkedBecause(String description) {
            super(description, null, false, false);
        }
    }
}
