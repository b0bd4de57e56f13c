package dev.messenger.gateway.observability;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

/**
 * Axon's spans only inside a trace that is being recorded. Axon's OpenTelemetry span factory builds every span it is
 * asked for, and copies the trace context into every message's metadata, whatever the sampler decided: at 10%
 * sampling, nine requests in ten paid for spans nobody would see (half of a command's dispatch time, measured), and
 * every event they caused carried a trace context into the event store and into each projection's handling.
 *
 * <p>Here a request the sampler left out gets no Axon spans and its messages no trace context; a sampled request
 * gets all of them, from the command to every projection's handling, as before. A handler span follows the message it
 * handles: traced when the message carries a sampled trace context, or when the thread is already in a sampled span.
 */
public final class SampledTracesOnly implements SpanFactory {

    private static final TextMapGetter<Message<?>> METADATA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message<?> message) {
            return message.getMetaData().keySet();
        }

        @Override
        public String get(Message<?> message, String key) {
            Object value = message == null ? null : message.getMetaData().get(key);
            return value == null ? null : value.toString();
        }
    };

    private final SpanFactory traced;
    private final SpanFactory untraced = NoOpSpanFactory.INSTANCE;
    private final TextMapPropagator propagator;

    public SampledTracesOnly(SpanFactory traced, TextMapPropagator propagator) {
        this.traced = traced;
        this.propagator = propagator;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return inSampledSpan() ? traced.createRootTrace(operationNameSupplier) : untraced.createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage, boolean isChildTrace,
                                  Message<?>... linkedParents) {
        return inSampledSpan() || carriesSampledTrace(parentMessage)
                ? traced.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents)
                : untraced.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage, Message<?>... linkedSiblings) {
        return inSampledSpan()
                ? traced.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings)
                : untraced.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return inSampledSpan() ? traced.createInternalSpan(operationNameSupplier) : untraced.createInternalSpan(operationNameSupplier);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return inSampledSpan() || carriesSampledTrace(message)
                ? traced.createInternalSpan(operationNameSupplier, message)
                : untraced.createInternalSpan(operationNameSupplier, message);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        traced.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return inSampledSpan() ? traced.propagateContext(message) : message;
    }

    private static boolean inSampledSpan() {
        return io.opentelemetry.api.trace.Span.current().getSpanContext().isSampled();
    }

    private boolean carriesSampledTrace(Message<?> message) {
        if (message == null || message.getMetaData().isEmpty()) {
            return false;
        }
        Context context = propagator.extract(Context.root(), message, METADATA);
        return io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext().isSampled();
    }
}
