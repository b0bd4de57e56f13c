package dev.messenger.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.projections.history.HistoryMessages;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.messenger.query.history.HistoryQueries;
import dev.messenger.projections.message.MessageView;
import dev.messenger.events.message.MessageEdited;
import reactor.core.publisher.Mono;

/** What the conversation aggregate's message directory reads, as the history projection wrote it. */
class MessageQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static final String C = "g-directory";
    private static final String THUMBS_UP = "\uD83D\uDC4D";

    private MongoDatabase db;
    private HistoryProjection history;
    private MessageQueries messages;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        history = new HistoryProjection(db);
        messages = new MessageQueries(db);
        Batches.handle(history, new MessageSent(C, "m-1", 1, "alice", "hello", null, null, AT));
        Batches.handle(history, new MessageSent(C, "m-2", 2, "bob", "hi", null, null, AT));
    }

    @Test
    void aMessagesFactsReactionsAndDeletionAreFound() {
        Batches.handle(history, new ReactionAdded(C, "m-1", 1, "bob", THUMBS_UP, AT));
        Batches.handle(history, new MessageDeleted(C, "m-2", 2, "bob", AT));

        MessageQueries.MessageState first = messages.findMessageState(C, "m-1").block();
        assertThat(first.message()).isEqualTo(new MessageQueries.MessageRef("m-1", C, 1, "alice"));
        assertThat(first.deleted()).isFalse();
        assertThat(first.reactions()).isEqualTo(Map.of(THUMBS_UP, Set.of("bob")));
        MessageQueries.MessageState second = messages.findMessageState(C, "m-2").block();
        assertThat(second.deleted()).isTrue();
        assertThat(second.reactions()).isEmpty();
    }

    @Test
    void everyVersionOfAnEditedMessageIsFoundOldestFirstAndHistoryShowsTheLast() {
        Batches.handle(history, new MessageEdited(C, "m-1", 1, "alice", "hello there", AT.plusSeconds(10)));
        // a redelivery: the edit again, then one the batch before had not sent
        Batches.handleInOneBatch(history, C, new MessageEdited(C, "m-1", 1, "alice", "hello there", AT.plusSeconds(10)),
                new MessageEdited(C, "m-1", 1, "alice", "hello there!", AT.plusSeconds(20)));

        assertThat(messages.findVersions(C, "m-1").block()).containsExactly(
                new MessageQueries.Version("hello", AT),
                new MessageQueries.Version("hello there", AT.plusSeconds(10)),
                new MessageQueries.Version("hello there!", AT.plusSeconds(20)));
        MessageView shown = new HistoryQueries(db).findHistoryBefore(C, 2L, 1).block().messages().get(0);
        assertThat(shown.body()).isEqualTo("hello there!");
        assertThat(shown.editedAt()).isEqualTo(AT.plusSeconds(20));
        assertThat(messages.findVersions(C, "m-2").block()).containsExactly(new MessageQueries.Version("hi", AT));
    }

    @Test
    void aDeletedMessageHasNoVersions() {
        Batches.handle(history, new MessageEdited(C, "m-1", 1, "alice", "hello there", AT.plusSeconds(10)));
        Batches.handle(history, new MessageDeleted(C, "m-1", 1, "alice", AT.plusSeconds(20)));

        assertThat(messages.findVersions(C, "m-1").blockOptional()).isEmpty();
        assertThat(Mono.from(db.getCollection(dev.messenger.projections.history.HistoryMessages.MESSAGES)
                .find(new org.bson.Document("_id", C + ":1")).first()).block().toJson()).doesNotContain("hello");
        assertThat(messages.findVersions(C, "m-unknown").blockOptional()).isEmpty();
        assertThat(messages.findVersions("g-other", "m-2").blockOptional()).isEmpty();
    }

    @Test
    void aMessageOfAnotherConversationIsNotFound() {
        assertThat(messages.findMessageState("g-other", "m-1").blockOptional()).isEmpty();
        assertThat(messages.findMessageState(C, "m-unknown").blockOptional()).isEmpty();
    }

    @Test
    void aDocumentOfAnotherShapeIsReadWithoutReactions() {
        // a document the projection could not finish writing (ProjectionFailureIT jams one like this) is no reason to fail
        Mono.from(db.getCollection(HistoryMessages.MESSAGES).updateOne(Filters.eq("_id", HistoryMessages.messageDocumentId(C, 1)),
                Updates.set("reactions", "jammed"))).block();

        assertThat(messages.findMessageState(C, "m-1").block().reactions()).isEmpty();
    }
}
