package dev.messenger.processing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * The event serializer, remembering which class each stored type name is. Reading the log wraps every event in a lazy
 * message that asks for its payload's class at once, and Axon's Jackson serializer answers with a {@code Class.forName}
 * each time: 11% of a replay's CPU (seventeenth step of docs/performance.md). Everything else is the wrapped serializer's.
 */
final class ClassCachingSerializer extends ForwardingSerializer {

    /** Type names come from the log, written by this code: a few hundred at most. More are looked up, not kept. */
    private static final int MAX_TYPES = 10_000;

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    ClassCachingSerializer(Serializer delegate) {
        super(delegate);
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
}
