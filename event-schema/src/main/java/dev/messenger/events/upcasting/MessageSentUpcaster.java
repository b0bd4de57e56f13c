package dev.messenger.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link MessageSent} revision 1 to 2: adds {@code kind} and {@code media}. Every revision-1 message was a
 * text message.
 * Registered with Axon's event store (so aggregates and projections read revision 2) and used by the
 * replay export, so analysts see one shape whatever revision was stored.
 */
public class MessageSentUpcaster extends SingleEventUpcaster {

    private static final String TYPE = MessageSent.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return TYPE.equals(event.getType().getName()) && "1".equals(event.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(TYPE, "2"), JsonNode.class,
                payload -> ((ObjectNode) payload).put("kind", MessageKind.TEXT.name()).putNull("media"));
    }
}
