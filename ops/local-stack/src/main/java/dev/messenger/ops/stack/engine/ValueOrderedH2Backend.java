package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with its unique indexes (every {@code _id} index) ordered by value instead of by bytes,
 * and its index keys and documents written in a compact form of their own instead of Java-serialized.
 *
 * <p>The stock backend opens an index as an H2 map of {@link KeyValue} keys with H2's generic key type, which knows no
 * order for a class it does not know and so compares two keys by Java-serializing both: each lookup of an {@code _id}
 * serialized two objects per step of a binary search, 29% of the stand-in's CPU in a history rebuild
 * (docs/performance.md, fourth step). Here the keys are compared as MongoDB orders values (mongo-java-server's
 * {@link ValueComparator}), element by element.
 *
 * <p>H2 writes a changed page whole, every key and value in it, at its next commit. With Java serialization that was a
 * third of the stand-in's CPU in a history rebuild, and much of its garbage (an object stream per key and per
 * document; performance.md, twenty-fourth step). {@link CompactType} writes index keys and documents element by
 * element, strings in UTF-8, with H2's own encodings of numbers and dates; anything else (an ObjectId, binary data) is still
 * Java-serialized, as a value of its own.
 *
 * <p>Both the order and the encoding are part of the file, so this backend's data lives in a file of its own name
 * ({@link StandInFiles#FILE}); {@link #copy} carries an older file's data into it.
 */
final class ValueOrderedH2Backend {

    /** Map names as the stock backend gives them: a collection's documents, and its indexes. */
    private static final String DOCUMENTS_PREFIX = "databases.";
    private static final String INDEX_INFIX = "._index_";

    private ValueOrderedH2Backend() {
    }

    static H2Backend open(MVStore store) {
        // the anonymous classes capture store, which javac assigns before the superclass constructor runs: H2Backend's
        // constructor opens the databases already in the file, and H2Database's opens their collections and indexes,
        // both through the methods overridden here
        return new H2Backend(store) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String databaseName) {
                return new H2Database(databaseName, store, getCursorRegistry()) {
                    @Override
                    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                        String namespace = getFullCollectionNamespace(collectionName);
                        MVMap<Object, Document> documents = store.openMap(DOCUMENTS_PREFIX + namespace, documentsMap());
                        MVMap<String, Object> meta = store.openMap("meta." + namespace);
                        return new H2Collection(this, collectionName, options, documents, meta, cursorRegistry);
                    }

                    @Override
                    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                                    boolean sparse) {
                        // the map's name as the stock backend names it, so dropping a collection or an index removes it
                        MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName,
                                indexMap());
                        return new UniqueIndex(map, indexName, keys, sparse);
                    }
                };
            }
        };
    }

    private static MVMap.Builder<Object, Document> documentsMap() {
        return new MVMap.Builder<Object, Document>().valueType(new CompactType());
    }

    private static MVMap.Builder<KeyValue, Object> indexMap() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new CompactType());
    }

    /**
     * Copies every map of a file of an earlier format ({@code from}: the stock backend's, or this one's with
     * Java-serialized keys and documents) into {@code to}, each in this backend's types. An index's entries keep their
     * order: both earlier formats' index maps are read in key order and were ordered by value or, in the stock file, by
     * bytes, so the copy's puts sort them again.
     */
    static void copy(MVStore from, MVStore to) {
        for (String name : from.getMapNames()) {
            MVMap<Object, Object> source = from.openMap(name);
            MVMap<Object, Object> target;
            if (name.contains(INDEX_INFIX)) {
                target = to.openMap(name, new MVMap.Builder<Object, Object>().keyType(new CompactType()));
            } else if (name.startsWith(DOCUMENTS_PREFIX)) {
                target = to.openMap(name, new MVMap.Builder<Object, Object>().valueType(new CompactType()));
            } else {
                target = to.openMap(name);
            }
            for (Map.Entry<Object, Object> entry : source.entrySet()) {
                target.put(entry.getKey(), entry.getValue());
            }
        }
        to.commit();
    }

    /**
     * H2's generic type, with an order and an encoding of its own for index keys ({@link KeyValue}), documents and lists:
     * each is a tag, a count and its elements, every element written by this type again (H2's own encodings for
     * strings, numbers, dates and null; Java serialization for any other class, as before).
     */
    static final class CompactType extends ObjectDataType {

        private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();
        private static final byte OTHER = 0;
        private static final byte KEY = 1;
        private static final byte DOCUMENT = 2;
        private static final byte LIST = 3;
        private static final byte STRING = 4;

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int common = Math.min(left.size(), right.size());
                for (int i = 0; i < common; i++) {
                    Object one = left.get(i);
                    Object other = right.get(i);
                    // two strings: what ValueComparator decides after its checks of types, in a fifth of its time
                    int order = one instanceof String x && other instanceof String y ? x.compareTo(y) : VALUES.compare(one, other);
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(left.size(), right.size());
            }
            return super.compare(a, b);
        }

        @Override
        public void write(WriteBuffer buffer, Object value) {
            if (value instanceof KeyValue key) {
                buffer.put(KEY).putVarInt(key.size());
                key.forEach(element -> write(buffer, element));
            } else if (value instanceof Document document) {
                buffer.put(DOCUMENT).putVarInt(document.size());
                document.forEach((name, element) -> {
                    writeString(buffer, name);
                    write(buffer, element);
                });
            } else if (value instanceof List<?> list) {
                buffer.put(LIST).putVarInt(list.size());
                list.forEach(element -> write(buffer, element));
            } else if (value instanceof String string) {
                writeString(buffer.put(STRING), string);
            } else {
                buffer.put(OTHER);
                super.write(buffer, value);
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            byte tag = buffer.get();
            switch (tag) {
                case KEY -> {
                    Object[] elements = new Object[DataUtils.readVarInt(buffer)];
                    for (int i = 0; i < elements.length; i++) {
                        elements[i] = read(buffer);
                    }
                    return new KeyValue(Arrays.asList(elements));
                }
                case DOCUMENT -> {
                    int size = DataUtils.readVarInt(buffer);
                    Document document = new Document();
                    for (int i = 0; i < size; i++) {
                        String name = readString(buffer);
                        document.put(name, read(buffer));
                    }
                    return document;
                }
                case LIST -> {
                    int size = DataUtils.readVarInt(buffer);
                    List<Object> list = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        list.add(read(buffer));
                    }
                    return list;
                }
                case STRING -> {
                    return readString(buffer);
                }
                case OTHER -> {
                    return super.read(buffer);
                }
                default -> throw new IllegalStateException("not a value of the stand-in's compact format: tag " + tag);
            }
        }

        /** UTF-8, which the JDK encodes and decodes in bulk (H2's own string encoding goes character by character). */
        private static void writeString(WriteBuffer buffer, String string) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            buffer.putVarInt(bytes.length).put(bytes);
        }

        private static String readString(ByteBuffer buffer) {
            int length = DataUtils.readVarInt(buffer);
            String string;
            if (buffer.hasArray()) {
                string = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
                buffer.position(buffer.position() + length);
            } else {
                byte[] bytes = new byte[length];
                buffer.get(bytes);
                string = new String(bytes, StandardCharsets.UTF_8);
            }
            return string;
        }

        /**
         * What a value takes on the heap, roughly: H2 sizes its pages and its cache by it. (H2's estimate for a class of
         * its own is the average size the values were serialized to.)
         */
        @Override
        public int getMemory(Object value) {
            if (value instanceof KeyValue key) {
                int memory = 48;
                for (Object element : key) {
                    memory += 8 + getMemory(element);
                }
                return memory;
            }
            if (value instanceof Document document) {
                int memory = 80;
                for (Map.Entry<String, Object> entry : document.entrySet()) {
                    memory += 48 + 40 + entry.getKey().length() + getMemory(entry.getValue());
                }
                return memory;
            }
            if (value instanceof List<?> list) {
                int memory = 40;
                for (Object element : list) {
                    memory += 8 + getMemory(element);
                }
                return memory;
            }
            if (value instanceof String string) {
                return 40 + string.length();
            }
            return value == null ? 0 : super.getMemory(value);
        }
    }

    /** A unique index over one such map: a key's entry holds the document's position (its {@code _id}). */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
