package dev.messenger.processing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * The event serializer, remembering which class each stored type name is. Reading the log wraps every event in a lazy
 * message that asks for its payload's class at once, and Axon's Jackson serializer answers with a {@code Class.forName}
 * each time: 11% of a replay's CPU (seventeenth step of docs/performance.md). Everything else is the wrapped serializer's.
 */
final class ClassCachingSerializer implements Serializer {

    /** Type names come from the log, written by this code: a few hundred at most. More are looked up, not kept. */
    private static final int MAX_TYPES = 10_000;

    private final Serializer delegate;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    ClassCachingSerializer(Serializer delegate) {
        this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        String key = type.getRevision() == null ? type.getName() : type.getName() + '\u0000' + type.getRevision();
        Class<?> known = classes.get(key);
        if (known != null) {
            return known;
        }
        Class<?> found = delegate.classForType(type);
        if (classes.size() < MAX_TYPES) {
            classes.put(key, found);
        }
        return found;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        return delegate.deserialize(serializedObject);
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
