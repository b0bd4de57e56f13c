package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A caught-up processor gathers the events recorded within the linger after the first; one that is behind never waits. */
class LingeringEventSourceTest {

    private final EmbeddedEventStore log = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final BatchSizes handler = new BatchSizes();
    private TrackingEventProcessor processor;

    /** Records the size of each batch, and every event handled. */
    static class BatchSizes {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(String event) {
            BatchingUnitOfWork<?> batch = (BatchingUnitOfWork<?>) CurrentUnitOfWork.get();
            if (batch.isFirstMessage()) {
                batches.add(batch.getMessages().size());
            }
            handled.add(event);
        }
    }

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.shutDown();
        }
        log.shutDown();
    }

    @Test
    void eventsArrivingWhileACaughtUpProcessorLingersGoIntoOneBatch() throws InterruptedException {
        start(Duration.ofMillis(800));
        waitFor(() -> processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp));

        log.publish(GenericEventMessage.asEventMessage("live-0"));
        Thread.sleep(200); // without the linger, the first event is handled alone meanwhile
        for (int i = 1; i < 5; i++) {
            log.publish(GenericEventMessage.asEventMessage("live-" + i));
        }
        waitFor(() -> handler.handled.size() == 5);

        assertThat(handler.batches).containsExactly(5);
    }

    @Test
    void aProcessorThatIsBehindNeverLingers() throws InterruptedException {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 1_000; i++) {
            log.publish(new GenericEventMessage<>(UUID.randomUUID().toString(), "old-" + i, MetaData.emptyInstance(), anHourAgo));
        }
        // a linger longer than the wait below: one lingering wait per batch could not finish in time
        start(Duration.ofSeconds(60));

        waitFor(() -> handler.handled.size() == 1_000);
    }

    @Test
    void noLingerHandsTheLogsStreamOverUnchanged() {
        LingeringEventSource source = new LingeringEventSource(log, Duration.ZERO);
        assertThat(source.openStream(null).getClass()).isEqualTo(log.openStream(null).getClass());
    }

    private void start(Duration linger) {
        processor = TrackingEventProcessor.builder()
                .name("history")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(new LingeringEventSource(log, linger))
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS))
                .build();
        processor.start();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
