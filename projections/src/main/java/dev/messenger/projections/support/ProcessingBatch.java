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
 * a projection collects its writes for the batch ({@link #resource} with {@link PendingWrites}), and
 * {@link FlushAfterLastEvent} sends them together once the last event's handler has returned, before the processor
 * stores its token: a batch whose writes fail is retried whole. No handler flushes by itself.
 */
public final class ProcessingBatch {

    private static final String PENDING = ProcessingBatch.class.getName() + "/pending";
    private static final String ISOLATION_ENDS = ProcessingBatch.class.getName() + "/isolation-ends";
    /** Set on a processor thread whose last batch failed: its next batch writes event by event. */
    private static final ThreadLocal<Boolean> ISOLATED = new ThreadLocal<>();

    private ProcessingBatch() {
    }

    /**
     * Writes a projection holds for the batch: sent after the batch's last event ({@link FlushAfterLastEvent}), or
     * dropped when the event they came from is dead-lettered.
     */
    public interface PendingWrites {
        /** Sends what is held (nothing when nothing is) and starts over; a failure fails the event being handled. */
        void flush() throws Exception;

        void discard();
    }

    /** This batch's instance of a resource, created on first use (a fresh one outside any batch). */
    public static <T> T resource(String key, Supplier<T> create) {
        if (!CurrentUnitOfWork.isStarted()) {
            return create.get();
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        T existing = batch.getResource(key);
        if (existing != null) {
            return existing;
        }
        T created = create.get();
        batch.resources().put(key, created);
        if (created instanceof PendingWrites writes) {
            batch.<java.util.List<PendingWrites>>getOrComputeResource(PENDING, p -> new java.util.ArrayList<>()).add(writes);
        }
        return created;
    }

    /**
     * A batch failed, and the failure may lie in any one of its events (their writes go out together): the next
     * batch on this thread, the same events again, writes after every event, so that a failure is the failure of
     * the event being handled and only that event is dead-lettered. Back to whole batches once it commits.
     */
    public static void isolateNextBatch() {
        ISOLATED.set(Boolean.TRUE);
    }

    /** Whether this batch writes event by event (see {@link #isolateNextBatch}). */
    public static boolean isIsolated() {
        return ISOLATED.get() != null;
    }

    /** Whether the event being handled shares its writes with other events (a batch of several, not isolated). */
    public static boolean sharesWrites() {
        return CurrentUnitOfWork.isStarted() && !isIsolated()
                && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch && batch.getMessages().size() > 1;
    }

    /** Drops every write the batch's projections hold but have not sent (those of an event being dead-lettered). */
    public static void discardPendingWrites() {
        if (CurrentUnitOfWork.isStarted()) {
            java.util.List<PendingWrites> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                pending.forEach(PendingWrites::discard);
            }
        }
    }

    /** Sends every write the batch's projections hold, in the order the projections first wrote. */
    public static void flushPendingWrites() throws Exception {
        if (CurrentUnitOfWork.isStarted()) {
            java.util.List<PendingWrites> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                for (PendingWrites writes : pending) {
                    writes.flush();
                }
            }
        }
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
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (isIsolated()) {
            root.getOrComputeResource(ISOLATION_ENDS, k -> {
                root.afterCommit(u -> ISOLATED.remove());
                return Boolean.TRUE;
            });
            return true;
        }
        return !(root instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage();
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
