package dev.messenger.projections.support;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A MongoDB projection's writes for one processing batch: one ordered bulk write per collection, sent once the
 * batch's last event has been handled ({@link FlushAfterLastEvent}), so a batch of a hundred events costs a round
 * trip per collection instead of one or more per event. Writes to one collection apply in the order they were added.
 */
public final class MongoWrites implements ProcessingBatch.PendingWrites {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MongoDatabase db;
    private final Map<String, List<WriteModel<Document>>> byCollection = new LinkedHashMap<>();

    private MongoWrites(MongoDatabase db) {
        this.db = db;
    }

    /** The current batch's writes for a projection ({@code key} names the projection) to {@code db}. */
    public static MongoWrites of(String key, MongoDatabase db) {
        return ProcessingBatch.resource(MongoWrites.class.getName() + "/" + key, () -> new MongoWrites(db));
    }

    /**
     * Empties a projection's collections for a rebuild by dropping them. A deleteMany removes, and on MongoDB
     * writes to the oplog, each document: minutes for the history of a million events (and the stand-in held
     * them all in memory). Safe because these collections have only their {@code _id} index, and the
     * projection is stopped on every node while it resets, so no write of it races the drop.
     */
    public static void dropCollections(MongoDatabase db, String... collections) {
        Flux.fromArray(collections).concatMap(name -> Mono.from(db.getCollection(name).drop())).then().block(TIMEOUT);
    }

    public MongoWrites add(String collection, WriteModel<Document> write) {
        byCollection.computeIfAbsent(collection, c -> new ArrayList<>()).add(write);
        return this;
    }

    @Override
    public void flush() {
        if (byCollection.isEmpty()) {
            return;
        }
        List<Map.Entry<String, List<WriteModel<Document>>>> writes = List.copyOf(byCollection.entrySet());
        byCollection.clear(); // sent or failed, never sent again with the next event's writes
        Flux.fromIterable(writes)
                .concatMap(collection -> Mono.from(db.getCollection(collection.getKey())
                        .bulkWrite(collection.getValue(), new BulkWriteOptions().ordered(true))))
                .then()
                .block(TIMEOUT);
    }

    @Override
    public void discard() {
        byCollection.clear();
    }
}
