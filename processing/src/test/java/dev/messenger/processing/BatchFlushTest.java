package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.projections.support.ProcessingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch's writes are sent once, after its last event, by the runtime: by the handler enhancer when the last event
 * is handled, and by {@link FlushWhatIsLeft} when the dead-letter queue parks the last event without handling it.
 */
class BatchFlushTest {

    private final EmbeddedEventStore log = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final SequencedDeadLetterQueue<EventMessage<?>> parked = InMemorySequencedDeadLetterQueue.defaultQueue();
    private final Projection projection = new Projection();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private TrackingEventProcessor processor;

    /** Writes each event's payload through a pending write of the batch; a "poison" event cannot be applied. */
    @ProcessingGroup("test")
    static class Projection {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Integer> flushes = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(String payload) {
            if (payload.startsWith("poison")) {
                throw new IllegalArgumentException("cannot be applied");
            }
            System.out.println("BATCH " + payload + " " + ((org.axonframework.messaging.unitofwork.BatchingUnitOfWork<?>) org.axonframework.messaging.unitofwork.CurrentUnitOfWork.get().root()).getMessages().size() + " last=" + ProcessingBatch.isLastEvent());
            ProcessingBatch.resource("test-writes", () -> new Writes(this)).held.add(payload);
        }
    }

    static final class Writes implements ProcessingBatch.PendingWrites {
        final Projection projection;
        final List<String> held = new ArrayList<>();

        Writes(Projection projection) {
            this.projection = projection;
        }

        @Override
        public void flush() {
            if (!held.isEmpty()) {
                projection.sent.addAll(held);
                projection.flushes.add(held.size());
                held.clear();
            }
        }

        @Override
        public void discard() {
            held.clear();
        }
    }

    @AfterEach
    void stop() {
        processor.shutDown();
        log.shutDown();
    }

    @Test
    void aBatchsWritesGoOutTogetherAfterItsLastEvent() throws InterruptedException {
        publish(event("a", 0, "a-1"), event("b", 0, "b-1"), event("c", 0, "c-1"));
        start();

        waitFor(() -> projection.sent.size() == 3);
        assertThat(projection.sent).containsExactly("a-1", "b-1", "c-1");
        assertThat(projection.flushes).containsExactly(3);
    }

    @Test
    void theWritesBeforeALastEventThatIsParkedUnhandledAreStillSent() throws InterruptedException {
        start();
        publish(event("a", 0, "poison"));
        waitFor(() -> parked.amountOfSequences() == 1);
        processor.shutDown();

        // one batch when the processor comes back: "a-2" follows a parked event of its conversation, so the queue
        // takes it without calling the handler
        publish(event("b", 0, "b-1"), event("a", 1, "a-2"));
        start();
        waitFor(() -> parked.sequenceSize("a") == 2);

        waitFor(() -> projection.sent.contains("b-1"));
    }

    private void start() {
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(projection)
                .queue(parked)
                .enqueuePolicy((letter, cause) -> Decisions.enqueue(cause))
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        processor = TrackingEventProcessor.builder()
                .name("test")
                .eventHandlerInvoker(invoker)
                .messageSource(log)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS))
                .build();
        processor.registerHandlerInterceptor(new FlushWhatIsLeft());
        processor.start();
    }

    /** Appended in one go, so that a caught-up processor reads them as one batch. */
    private void publish(EventMessage<?>... events) {
        log.publish(events);
    }

    private static EventMessage<?> event(String conversation, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Conversation", conversation, sequence, payload);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
