package dev.messenger.processing.erasure;

import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import dev.messenger.processing.ForwardingSerializer;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The event serializer, with message bodies sealed: a {@link MessageSent}'s or {@link MessageEdited}'s {@code body} is
 * stored sealed under the message's own key ({@link SealedBody}, {@link BodyKeys}). Read back, the body
 * is opened again; once its key is destroyed it reads as {@code null}, which is how every replay, export and rebuild
 * after a delete sees it. A body stored before sealing existed is read as it is (the upgrade seals those: see
 * docs/architecture.md). The field keeps its name and type, so the events' JSON Schemas still describe the stored log.
 */
public final class SealingSerializer extends ForwardingSerializer {

    private final BodyKeys keys;

    public SealingSerializer(Serializer delegate, BodyKeys keys) {
        super(delegate);
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object instanceof MessageSent sent) {
            // every message gets its key (and so its place in message_key), a body or not: its sender's erasure finds it
            byte[] key = keys.keyForNewMessage(sent.messageId(), sent.senderId(), sent.conversationId(), sent.seq());
            return delegate.serialize(sent.body() == null ? sent : sent.withBody(SealedBody.seal(sent.body(), sent.messageId(), key)),
                    expectedRepresentation);
        }
        if (object instanceof MessageEdited edited && edited.body() != null) {
            byte[] key = keys.keyForNewMessage(edited.messageId(), edited.senderId(), edited.conversationId(), edited.seq());
            return delegate.serialize(edited.withBody(SealedBody.seal(edited.body(), edited.messageId(), key)), expectedRepresentation);
        }
        return delegate.serialize(object, expectedRepresentation);
    }

    /**
     * Read as stored, then the body opened: no second pass over the JSON (through a JSON tree, an inbox replay cost the
     * gateway 50 to 100% more CPU per event: performance.md, eighteenth check).
     */
    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        T event = delegate.deserialize(serializedObject);
        if (event instanceof MessageSent sent && SealedBody.isSealed(sent.body())) {
            return (T) sent.withBody(opened(sent.body(), sent.messageId()));
        }
        if (event instanceof MessageEdited edited && SealedBody.isSealed(edited.body())) {
            return (T) edited.withBody(opened(edited.body(), edited.messageId()));
        }
        return event; // sealed before sealing existed, or no body (a file without a caption)
    }

    /** The body, or null once its key is destroyed. */
    private String opened(String sealed, String messageId) {
        byte[] key = keys.find(messageId);
        if (key == null) {
            return null;
        }
        try {
            return SealedBody.open(sealed, messageId, key);
        } catch (IllegalStateException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
