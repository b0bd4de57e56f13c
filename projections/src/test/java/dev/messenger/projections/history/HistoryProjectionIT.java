package dev.messenger.projections.history;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The history projection on a real MongoDB-protocol server: idempotent under redelivery, tombstones on delete. */
class HistoryProjectionIT {

    private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    private static final String THUMBS_UP = "\uD83D\uDC4D";

    private MongoDatabase db;
    private HistoryProjection projection;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        projection = new HistoryProjection(db);
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        MessageSent sent = new MessageSent("c-1", "m-1", 1, "u-1", "hi", null, null, AT);
        Batches.handle(projection, sent);
        Batches.handle(projection, sent);
        assertThat(count(eq("conversationId", "c-1"))).isEqualTo(1);
        assertThat(message("c-1", 1).getString("body")).isEqualTo("hi");
        assertThat(head("c-1")).isEqualTo(1);
    }

    @Test
    void eachMessageIsADocumentOfItsOwnKeyedByConversationAndSeq() {
        for (long seq = 1; seq <= 101; seq++) {
            Batches.handle(projection, new MessageSent("c-2", "m-" + seq, seq, "u-1", "n" + seq, null, null, AT));
        }
        assertThat(count(eq("conversationId", "c-2"))).isEqualTo(101);
        assertThat(message("c-2", 101).getString("messageId")).isEqualTo("m-101");
        assertThat(message("c-2", 101).getLong("seq")).isEqualTo(101);
        assertThat(head("c-2")).isEqualTo(101);
    }

    @Test
    void aDeletedMessageBecomesATombstoneWithoutBodyOrReactions() {
        Batches.handle(projection, new MessageSent("c-3", "m-1", 1, "u-1", "secret", null, null, AT));
        Batches.handle(projection, new ReactionAdded("c-3", "m-1", 1, "u-2", THUMBS_UP, AT));
        Batches.handle(projection, new MessageEdited("c-3", "m-1", 1, "u-1", "still secret", AT));
        Batches.handle(projection, new MessageDeleted("c-3", "m-1", 1, "u-1", AT));
        Document message = message("c-3", 1);
        assertThat(message.getBoolean("deleted")).isTrue();
        assertThat(message.containsKey("body")).isFalse();
        assertThat(message.containsKey("reactions")).isFalse();
        assertThat(message.toJson()).doesNotContain("secret");
    }

    @Test
    void reactionsAreSetsOfUsersPerEmoji() {
        Batches.handle(projection, new MessageSent("c-4", "m-1", 1, "u-1", "hi", null, null, AT));
        ReactionAdded added = new ReactionAdded("c-4", "m-1", 1, "u-2", THUMBS_UP, AT);
        Batches.handle(projection, added);
        Batches.handle(projection, added);
        Batches.handle(projection, new ReactionAdded("c-4", "m-1", 1, "u-3", THUMBS_UP, AT));
        Batches.handle(projection, new ReactionRemoved("c-4", "m-1", 1, "u-3", THUMBS_UP, AT));
        Document reactions = message("c-4", 1).get("reactions", Document.class);
        assertThat(reactions.getList(THUMBS_UP, String.class)).isEqualTo(List.of("u-2"));
    }

    @Test
    void aMessageIsFoundByConversationAndIdThroughAUniqueIndex() {
        Batches.handle(projection, new MessageSent("c-5", "m-9", 9, "u-7", "hi", null, null, AT));
        Document facts = Mono.from(db.getCollection(HistoryMessages.MESSAGES).find(HistoryMessages.byMessageId("c-5", "m-9")).first()).block();
        assertThat(facts.getLong("seq")).isEqualTo(9);
        assertThat(facts.getString("senderId")).isEqualTo("u-7");
        assertThat(messageIdIndex()).isNotNull();
        assertThat(messageIdIndex().get("key", Document.class)).isEqualTo(new Document("conversationId", 1).append("messageId", 1));
        assertThat(messageIdIndex().getBoolean("unique")).isTrue();
    }

    @Test
    void resetEmptiesTheStoreDropsTheOldIndexCollectionAndMakesTheIndexAgain() {
        Batches.handle(projection, new MessageSent("c-6", "m-1", 1, "u-1", "hi", null, null, AT));
        Mono.from(db.getCollection(HistoryMessages.LEGACY_MESSAGE_INDEX).insertOne(new Document("_id", "m-1"))).block();
        projection.reset();
        assertThat(Mono.from(db.getCollection(HistoryMessages.MESSAGES).countDocuments()).block()).isZero();
        assertThat(Mono.from(db.getCollection(HistoryMessages.LEGACY_MESSAGE_INDEX).countDocuments()).block()).isZero();
        assertThat(messageIdIndex()).isNotNull();
    }

    private Document messageIdIndex() {
        return Flux.from(db.getCollection(HistoryMessages.MESSAGES).listIndexes())
                .filter(index -> HistoryMessages.BY_MESSAGE_ID.equals(index.getString("name"))).next().block();
    }

    private Document message(String conversationId, long seq) {
        return Mono.from(db.getCollection(HistoryMessages.MESSAGES)
                .find(eq("_id", HistoryMessages.messageDocumentId(conversationId, seq))).first()).block();
    }

    private long count(Bson filter) {
        return Mono.from(db.getCollection(HistoryMessages.MESSAGES).countDocuments(filter)).block();
    }

    private long head(String conversationId) {
        return ((Number) Mono.from(db.getCollection(HistoryMessages.HEADS).find(eq("_id", conversationId)).first()).block()
                .get("lastSeq")).longValue();
    }
}
