package dev.messenger.projections.support;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The processing batch an event handler runs in. A tracking processor hands a projection its events
 * in batches (only events the projection handles, so the batch's last event is always handled by it);
 * a projection collects its writes for the batch and sends them together while handling the last
 * event, before the processor stores its token: a batch whose writes fail is retried whole.
 */
public final class ProcessingBatch {

    private ProcessingBatch() {
    }

    /** This batch's instance of a resource, created on first use (a fresh one outside any batch). */
    public static <T> T resource(String key, Supplier<T> create) {
        if (!CurrentUnitOfWork.isStarted()) {
            return create.get();
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, k -> create.get());
    }

    /** Whether an event is being handled in a processing batch (else writes must go out at once). */
    public static boolean isActive() {
        return CurrentUnitOfWork.isStarted();
    }

    /** Whether the event being handled is the last of its batch (true outside a batch). */
    public static boolean isLastEvent() {
        if (!CurrentUnitOfWork.isStarted()) {
            return true;
        }
        return !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage();
    }

    /**
     * The aggregates (conversations, for conversation events) of every event in the batch, in order, so a
     * projection can read what it needs for all of them in one round trip; empty outside a batch.
     */
    public static Set<String> aggregateIds() {
        Set<String> ids = new LinkedHashSet<>();
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
            for (Object message : batch.getMessages()) {
                if (message instanceof DomainEventMessage<?> event) {
                    ids.add(event.getAggregateIdentifier());
                }
            }
        }
        return ids;
    }
}
