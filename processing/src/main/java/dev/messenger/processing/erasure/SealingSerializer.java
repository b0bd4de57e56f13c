package dev.messenger.processing.erasure;

import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import dev.messenger.processing.ForwardingSerializer;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The event serializer, with message bodies sealed: a {@link MessageSent}'s or {@link MessageEdited}'s {@code body},
 * and a {@link MessageSent}'s file id, are stored sealed under the message's own key ({@link SealedBody},
 * {@link BodyKeys}). Read back, they are opened again; once the key is destroyed the body reads as {@code null} and the
 * file reference as a {@code null} {@code media}, which is how every replay, export and rebuild after a delete sees
 * them. A body stored before sealing existed is read as it is (the upgrade seals those: see
 * docs/architecture.md). The field keeps its name and type, so the events' JSON Schemas still describe the stored log.
 */
public final class SealingSerializer extends ForwardingSerializer {

    private final BodyKeys keys;
    /** False where events are stored again after the log (parked events): keys are only used, never made. */
    private final boolean makesKeys;

    /** The log's serializer: a new message gets its key. */
    public SealingSerializer(Serializer delegate, BodyKeys keys) {
        this(delegate, keys, true);
    }

    private SealingSerializer(Serializer delegate, BodyKeys keys, boolean makesKeys) {
        super(delegate);
        this.keys = keys;
        this.makesKeys = makesKeys;
    }

    /**
     * For events stored again after the log (the dead-letter queue): bodies sealed under their message's existing key,
     * so that deleting the message forgets the parked copy too; a message whose key is gone (deleted since it was read)
     * is stored without its body, and no key is ever made again for it.
     */
    public static SealingSerializer withExistingKeys(Serializer delegate, BodyKeys keys) {
        return new SealingSerializer(delegate, keys, false);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object instanceof MessageSent sent) {
            // every message gets its key (and so its place in message_key), a body or not: its sender's erasure finds it
            byte[] key = makesKeys ? keys.keyForNewMessage(sent.messageId(), sent.senderId(), sent.conversationId(), sent.seq(),
                    sent.media() == null ? null : sent.media().mediaId())
                    : keys.find(sent.messageId());
            MessageSent sealed = sent.body() == null ? sent : sent.withBody(sealedOrGone(sent.body(), sent.messageId(), key));
            if (sent.media() != null) {
                sealed = sealed.withMedia(key == null ? null
                        : sent.media().withMediaId(SealedBody.sealFileId(sent.media().mediaId(), sent.messageId(), key)));
            }
            return delegate.serialize(sealed, expectedRepresentation);
        }
        if (object instanceof MessageEdited edited && edited.body() != null) {
            byte[] key = makesKeys ? keys.keyForNewMessage(edited.messageId(), edited.senderId(), edited.conversationId(), edited.seq(), null)
                    : keys.find(edited.messageId());
            return delegate.serialize(edited.withBody(sealedOrGone(edited.body(), edited.messageId(), key)), expectedRepresentation);
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
        if (event instanceof MessageSent sent) {
            MessageSent opened = SealedBody.isSealed(sent.body()) ? sent.withBody(opened(sent.body(), sent.messageId())) : sent;
            if (sent.media() != null && SealedBody.isSealed(sent.media().mediaId())) {
                opened = opened.withMedia(openedFile(sent.media(), sent.messageId()));
            }
            return (T) opened;
        }
        if (event instanceof MessageEdited edited && SealedBody.isSealed(edited.body())) {
            return (T) edited.withBody(opened(edited.body(), edited.messageId()));
        }
        return event; // sealed before sealing existed, or no body (a file without a caption)
    }

    /** The file reference, or null once the message's key is destroyed: the message no longer says which file it had. */
    private MediaRef openedFile(MediaRef sealed, String messageId) {
        byte[] key = keys.find(messageId);
        if (key == null) {
            return null;
        }
        try {
            return sealed.withMediaId(SealedBody.openFileId(sealed.mediaId(), messageId, key));
        } catch (IllegalStateException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    private static String sealedOrGone(String body, String messageId, byte[] key) {
        return key == null ? null : SealedBody.seal(body, messageId, key);
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
