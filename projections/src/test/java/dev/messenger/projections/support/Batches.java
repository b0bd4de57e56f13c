package dev.messenger.projections.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/**
 * Hands events to a projection the way a tracking processor does: all in one {@link BatchingUnitOfWork}, each to
 * its {@code @EventHandler}, as domain events of the aggregate {@code aggregateId}.
 */
public final class Batches {

    private static final Map<String, Long> SEQUENCES = new ConcurrentHashMap<>();

    private Batches() {
    }

    public static void handleInOneBatch(Object projection, String aggregateId, Object... payloads) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (Object payload : payloads) {
            long sequence = SEQUENCES.merge(aggregateId, 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>("Conversation", aggregateId, sequence, payload));
        }
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        try {
            batch.executeWithResult(() -> handlers.handle(batch.getMessage()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (batch.getExecutionResult().isExceptionResult()) {
            throw new IllegalStateException(batch.getExecutionResult().getExceptionResult());
        }
    }
}
