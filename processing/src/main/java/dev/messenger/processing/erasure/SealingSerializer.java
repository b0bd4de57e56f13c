package dev.messenger.processing.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * The event serializer, with message bodies sealed: a {@link MessageSent}'s or {@link MessageEdited}'s {@code body} is
 * stored sealed under the message's own key ({@link SealedBody}, {@link BodyKeys}). Read back, the body
 * is opened again; once its key is destroyed it reads as {@code null}, which is how every replay, export and rebuild
 * after a delete sees it. A body stored before sealing existed is read as it is (the upgrade seals those: see
 * docs/architecture.md). The field keeps its name and type, so the events' JSON Schemas still describe the stored log.
 */
public final class SealingSerializer implements Serializer {

    private static final String SENT = MessageSent.class.getName();
    private static final String EDITED = MessageEdited.class.getName();

    private final Serializer delegate;
    private final BodyKeys keys;

    public SealingSerializer(Serializer delegate, BodyKeys keys) {
        this.delegate = delegate;
        this.keys = keys;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        String messageId;
        String senderId;
        String body;
        if (object instanceof MessageSent sent) {
            messageId = sent.messageId();
            senderId = sent.senderId();
            body = sent.body();
        } else if (object instanceof MessageEdited edited) {
            messageId = edited.messageId();
            senderId = edited.senderId();
            body = edited.body();
        } else {
            return delegate.serialize(object, expectedRepresentation);
        }
        if (body == null) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> tree = delegate.serialize(object, JsonNode.class);
        ((ObjectNode) tree.getData()).put("body", SealedBody.seal(body, messageId, keys.keyForNewMessage(messageId, senderId)));
        return delegate.getConverter().convert(tree, expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        String type = serializedObject.getType().getName();
        if (!SENT.equals(type) && !EDITED.equals(type)) {
            return delegate.deserialize(serializedObject);
        }
        SerializedObject<JsonNode> tree = delegate.getConverter().convert(serializedObject, JsonNode.class);
        JsonNode body = tree.getData().get("body");
        if (body == null || !body.isTextual() || !SealedBody.isSealed(body.textValue())) {
            return delegate.deserialize(tree); // sealed before sealing existed, or no body (a file without a caption)
        }
        ObjectNode opened = ((ObjectNode) tree.getData()).deepCopy();
        String messageId = opened.path("messageId").asText();
        byte[] key = keys.find(messageId);
        if (key == null) {
            opened.putNull("body");
        } else {
            try {
                opened.put("body", SealedBody.open(body.textValue(), messageId, key));
            } catch (IllegalStateException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        }
        return delegate.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, tree.getType()));
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
