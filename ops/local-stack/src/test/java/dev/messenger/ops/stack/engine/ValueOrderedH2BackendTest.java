package dev.messenger.ops.stack.engine;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in's backend through the MongoDB driver: what its {@code _id} and unique indexes find, refuse and keep. */
class ValueOrderedH2BackendTest {

    @TempDir
    Path dir;

    private void withStandIn(Consumer<MongoCollection<Document>> use) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve(StandInFiles.FILE).toString()).open();
        H2Backend backend = ValueOrderedH2Backend.open(store);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            use.accept(client.getDatabase("messenger").getCollection("history_messages"));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    @Test
    void findsEveryDocumentByIdAfterAReopen() {
        withStandIn(messages -> {
            List<Document> documents = new ArrayList<>();
            for (int seq = 1000; seq > 0; seq--) { // not in key order, so the index's order is what finds them
                documents.add(new Document("_id", "c-" + (seq % 7) + ":" + seq).append("seq", seq));
            }
            messages.insertMany(documents);
            assertThat(messages.find(eq("_id", "c-3:500")).first()).containsEntry("seq", 500);
        });
        withStandIn(messages -> {
            assertThat(messages.countDocuments()).isEqualTo(1000);
            for (int seq = 1; seq <= 1000; seq++) {
                assertThat(messages.find(eq("_id", "c-" + (seq % 7) + ":" + seq)).first()).as("seq %d", seq)
                        .isNotNull().containsEntry("seq", seq);
            }
            assertThat(messages.find(in("_id", "c-1:1", "c-2:2", "c-9:9")).into(new ArrayList<>())).hasSize(2);
        });
    }

    @Test
    void keepsEveryBsonTypeTheProjectionsWriteAcrossAReopen() {
        Document rich = new Document("_id", "c:1").append("seq", 1L).append("count", 3).append("score", 0.5)
                .append("sentAt", new java.util.Date(1_700_000_000_000L)).append("body", "héllo ✓").append("deleted", false)
                .append("replyTo", null).append("reactions", new Document("👍", List.of("u-1", "u-2")))
                .append("edits", List.of(new Document("body", "b").append("at", new java.util.Date(1L))))
                .append("blob", new org.bson.types.Binary(new byte[] {1, 2, 3})).append("oid", new org.bson.types.ObjectId());
        withStandIn(messages -> messages.insertOne(rich));
        withStandIn(messages -> assertThat(messages.find(eq("_id", "c:1")).first()).isEqualTo(rich));
    }

    @Test
    void refusesASecondDocumentWithTheSameIdAndUpsertsInPlace() {
        withStandIn(messages -> {
            messages.insertOne(new Document("_id", "c:1").append("body", "first"));
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "c:1").append("body", "again")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            messages.replaceOne(eq("_id", "c:1"), new Document("_id", "c:1").append("body", "replaced"),
                    new ReplaceOptions().upsert(true));
            assertThat(messages.countDocuments()).isEqualTo(1);
            assertThat(messages.find(eq("_id", "c:1")).first()).containsEntry("body", "replaced");
        });
    }

    @Test
    void enforcesACompoundUniqueIndex() {
        withStandIn(tokens -> {
            tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
            tokens.insertOne(new Document("processorName", "history").append("segment", 0));
            tokens.insertOne(new Document("processorName", "history").append("segment", 1));
            tokens.insertOne(new Document("processorName", "inbox").append("segment", 0));
            assertThatThrownBy(() -> tokens.insertOne(new Document("processorName", "history").append("segment", 1)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void dropsACollectionWithItsIndex() {
        withStandIn(messages -> {
            messages.insertOne(new Document("_id", "c:1"));
            messages.drop();
            messages.insertOne(new Document("_id", "c:1"));
            assertThat(messages.countDocuments()).isEqualTo(1);
        });
    }

    @Test
    void copiesAFileOfAnEarlierFormatAndRemovesIt() {
        // an earlier file: Java-serialized keys and documents, as the stock backend (and this one until 2026-12-07) wrote
        MVStore earlier = new MVStore.Builder().fileName(dir.resolve(StandInFiles.EARLIER_FILES.get(0)).toString()).open();
        H2Backend stock = new H2Backend(earlier);
        MongoServer server = new MongoServer(stock);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> messages = client.getDatabase("messenger").getCollection("history_messages");
            messages.createIndex(Indexes.ascending("conversationId", "messageId"), new IndexOptions().unique(true));
            List<Document> documents = new ArrayList<>();
            for (int seq = 300; seq > 0; seq--) {
                documents.add(new Document("_id", "c-" + (seq % 7) + ":" + seq).append("conversationId", "c-" + (seq % 7))
                        .append("messageId", "m-" + seq).append("seq", seq).append("reactions", new Document("👍", List.of("u-1"))));
            }
            messages.insertMany(documents);
        } finally {
            server.shutdownNow();
            stock.close();
        }

        assertThat(StandInFiles.copyPending(dir)).isTrue(); // the stack then waits longer for the stand-in to start

        MongoNode.copyEarlierFile(dir);

        assertThat(dir.resolve(StandInFiles.EARLIER_FILES.get(0))).doesNotExist();
        assertThat(StandInFiles.copyPending(dir)).isFalse();
        withStandIn(messages -> {
            assertThat(messages.countDocuments()).isEqualTo(300);
            for (int seq = 1; seq <= 300; seq++) {
                assertThat(messages.find(eq("_id", "c-" + (seq % 7) + ":" + seq)).first()).as("seq %d", seq)
                        .isNotNull().containsEntry("seq", seq).containsEntry("reactions", new Document("👍", List.of("u-1")));
            }
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "new").append("conversationId", "c-3")
                    .append("messageId", "m-3"))).isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void ordersKeysByValueThenByLength() {
        ValueOrderedH2Backend.CompactType order = new ValueOrderedH2Backend.CompactType();
        assertThat(order.compare(new KeyValue("a:2"), new KeyValue("a:10"))).isPositive(); // strings, as MongoDB orders them
        assertThat(order.compare(new KeyValue(2L), new KeyValue(10))).isNegative();
        assertThat(order.compare(new KeyValue(1), new KeyValue(1L))).isZero(); // one number to MongoDB, so one key
        assertThat(order.compare(new KeyValue(List.of("x")), new KeyValue(List.of("x", 1)))).isNegative();
    }
}
