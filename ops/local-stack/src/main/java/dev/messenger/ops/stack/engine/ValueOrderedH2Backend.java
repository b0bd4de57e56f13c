package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with its unique indexes (every {@code _id} index) ordered by value instead of by bytes.
 *
 * <p>The stock backend opens an index as an H2 map of {@link KeyValue} keys with H2's generic key type, which knows no
 * order for a class it does not know and so compares two keys by Java-serializing both: each lookup of an {@code _id}
 * serialized two objects per step of a binary search, 29% of the stand-in's CPU in a history rebuild
 * (docs/performance.md, fourth step). Here the keys are compared as MongoDB orders values (mongo-java-server's
 * {@link ValueComparator}), element by element; they are stored as before (documents and keys Java-serialized: storing
 * them as BSON instead was measured and made no difference). The order is part of the file (a binary search over keys
 * sorted one way finds nothing in keys sorted another), so a file written by the stock backend is not opened with this
 * one: {@link MongoNode} keeps this backend's data in a file of its own name.
 */
final class ValueOrderedH2Backend {

    private ValueOrderedH2Backend() {
    }

    static H2Backend open(MVStore store) {
        // the anonymous classes capture store, which javac assigns before the superclass constructor runs: H2Backend's
        // constructor opens the databases already in the file, and H2Database's opens their indexes, both through the
        // methods overridden here
        return new H2Backend(store) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String databaseName) {
                return new H2Database(databaseName, store, getCursorRegistry()) {
                    @Override
                    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                                    boolean sparse) {
                        // the map's name as the stock backend names it, so dropping a collection or an index removes it
                        MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                                new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueOrder()));
                        return new UniqueIndex(map, indexName, keys, sparse);
                    }
                };
            }
        };
    }

    /** H2's generic type for storing (the same bytes as the stock backend), with an order of its own for index keys. */
    static final class KeyValueOrder extends ObjectDataType {

        private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int common = Math.min(left.size(), right.size());
                for (int i = 0; i < common; i++) {
                    int order = VALUES.compare(left.get(i), right.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(left.size(), right.size());
            }
            return super.compare(a, b);
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
