package dev.messenger.projections.support;

import javax.annotation.Nonnull;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

/**
 * Sends a processing batch's writes once the handler of its last event has returned (after every event of a batch
 * that writes event by event, see {@link ProcessingBatch#isolateNextBatch}): the one place that flushes, so no
 * handler can forget to. It wraps each event handler of a projection (a class with a {@link ProcessingGroup}), so the
 * flush runs inside the handling of that last event: a write the store refuses fails that event, which the
 * dead-letter queue then parks, exactly as a failure in the handler itself would. (A handler interceptor of the
 * processor would run outside the dead-letter queue, and a refused write would stop the projection instead.)
 * Registered through {@code META-INF/services}, so Axon's configuration and the projections' tests both apply it.
 */
public final class FlushAfterLastEvent implements HandlerEnhancerDefinition {

    @Override
    public @Nonnull <T> MessageHandlingMember<T> wrapHandler(@Nonnull MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !original.declaringClass().isAnnotationPresent(ProcessingGroup.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(@Nonnull Message<?> message, T target) throws Exception {
                Object result = super.handle(message, target);
                if (ProcessingBatch.isActive() && ProcessingBatch.isLastEvent()) {
                    ProcessingBatch.flushPendingWrites();
                }
                return result;
            }
        };
    }
}
