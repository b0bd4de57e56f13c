package dev.messenger.projections.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.messaging.annotation.ClasspathHandlerDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/**
 * Hands events to a projection the way a tracking processor does: all in one {@link BatchingUnitOfWork}, each to
 * its {@code @EventHandler}, as domain events of the aggregate {@code aggregateId}, the batch's writes sent after
 * the last one.
 */
public final class Batches {

    private static final Map<String, Long> SEQUENCES = new ConcurrentHashMap<>();

    private Batches() {
    }

    /** One event in a batch of its own, as a domain event of its conversation. */
    public static void handle(Object projection, Object event) {
        String conversationId;
        try {
            conversationId = (String) event.getClass().getMethod("conversationId").invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a conversation event: " + event, e);
        }
        handleInOneBatch(projection, conversationId, event);
    }

    public static void handleInOneBatch(Object projection, String aggregateId, Object... payloads) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (Object payload : payloads) {
            long sequence = SEQUENCES.merge(aggregateId, 1L, Long::sum) - 1;
            messages.add(new GenericDomainEventMessage<>("Conversation", aggregateId, sequence, payload));
        }
        handleMessages(projection, messages);
    }

    /** These event messages in one batch: handing the same message again is a redelivery. */
    public static void handleMessages(Object projection, List<EventMessage<?>> messages) {
        // with the handler enhancers on the classpath, as Axon's configuration applies them (FlushAfterLastEvent sends the writes)
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection,
                ClasspathParameterResolverFactory.forClass(projection.getClass()), ClasspathHandlerDefinition.forClass(projection.getClass()));
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

    /** What a rebuild does first: the projection's {@code @ResetHandler}. */
    public static void reset(Object projection) {
        new AnnotationEventHandlerAdapter(projection, ClasspathParameterResolverFactory.forClass(projection.getClass()),
                ClasspathHandlerDefinition.forClass(projection.getClass())).prepareReset();
    }
}
