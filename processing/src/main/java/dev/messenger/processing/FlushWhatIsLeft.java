package dev.messenger.processing;

import dev.messenger.projections.support.ProcessingBatch;
import javax.annotation.Nonnull;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Sends what a batch still holds once its last event has been through the processor. The projections' writes go out
 * after the handler of the last event ({@code FlushAfterLastEvent}), but the dead-letter queue hands an event of a
 * conversation that already has one parked straight to the queue, without its handler: when that event is the batch's
 * last, the writes of the events before it would never be sent, and the token would move past them.
 *
 * <p>Runs outside the dead-letter queue, so a write refused here would be retried forever: a failure makes the retry
 * write event by event ({@link ProcessingBatch#isolateNextBatch}), where each event's writes go out inside its own
 * handling and a refused one is parked.
 */
final class FlushWhatIsLeft implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends EventMessage<?>> unitOfWork, @Nonnull InterceptorChain interceptorChain)
            throws Exception {
        Object result = interceptorChain.proceed();
        if (ProcessingBatch.isLastEvent()) {
            try {
                ProcessingBatch.flushPendingWrites();
            } catch (Exception e) {
                ProcessingBatch.isolateNextBatch();
                throw e;
            }
        }
        return result;
    }
}
