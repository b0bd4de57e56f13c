package dev.messenger.projections.conversation;

import static com.mongodb.client.model.Filters.eq;
import static dev.messenger.projections.support.Batches.handleInOneBatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The inbox projection on a real MongoDB-protocol server, in processing batches as a tracking processor forms them:
 * the preview follows the last message only, whether that message came in the same batch or an earlier one.
 */
class InboxProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    private MongoDatabase db;
    private InboxProjection projection;
    private String conversationId;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        projection = new InboxProjection(db);
        conversationId = "c-" + UUID.randomUUID();
    }

    @Test
    void inOneBatchOnlyAnEditOfTheLastMessageChangesThePreview() {
        handleInOneBatch(projection, conversationId, started(), sent(1, "first"), sent(2, "second"),
                edited(1, "first, edited"), edited(2, "second, edited"), edited(1, "first, edited again"));

        Document conversation = conversation();
        assertThat(conversation.get("lastSeq", Number.class).longValue()).isEqualTo(2);
        assertThat(lastMessage(conversation).getString("messageId")).isEqualTo("m-2");
        assertThat(lastMessage(conversation).getString("preview")).isEqualTo("second, edited");
    }

    @Test
    void inALaterBatchTheStoredLastMessageDecides() {
        handleInOneBatch(projection, conversationId, started(), sent(1, "first"), sent(2, "second"));
        handleInOneBatch(projection, conversationId, edited(1, "first, edited"));
        assertThat(lastMessage(conversation()).getString("preview")).isEqualTo("second");

        handleInOneBatch(projection, conversationId, edited(2, "second, edited"));
        assertThat(lastMessage(conversation()).getString("preview")).isEqualTo("second, edited");

        handleInOneBatch(projection, conversationId, new MessageDeleted(conversationId, "m-1", 1, "u-1", AT));
        assertThat(lastMessage(conversation()).containsKey("deleted")).isFalse();
        handleInOneBatch(projection, conversationId, new MessageDeleted(conversationId, "m-2", 2, "u-1", AT));
        assertThat(lastMessage(conversation()).getBoolean("deleted")).isTrue();
        assertThat(lastMessage(conversation()).get("preview")).isNull();
        assertThat(lastMessage(conversation()).getString("messageId")).isEqualTo("m-2");
    }

    /** On a replay the bodies of a message deleted later are gone (their key went with the delete): sent and edited. */
    @Test
    void aReplayedEditOfAMessageDeletedLaterHasNoPreview() {
        handleInOneBatch(projection, conversationId, started(), sent(1, null));
        handleInOneBatch(projection, conversationId, edited(1, null));
        assertThat(lastMessage(conversation()).get("preview")).isNull();

        handleInOneBatch(projection, conversationId, new MessageDeleted(conversationId, "m-1", 1, "u-1", AT));
        assertThat(lastMessage(conversation()).getBoolean("deleted")).isTrue();
        assertThat(lastMessage(conversation()).get("preview")).isNull();
    }

    @Test
    void aBatchHandedOverAgainEndsInTheSameState() {
        Object[] batch = {started(), sent(1, "first"), sent(2, "second"), new MessagesRead(conversationId, "u-2", 2, AT),
                edited(2, "second, edited"), sent(3, "third")};
        handleInOneBatch(projection, conversationId, batch);
        Document once = conversation();

        handleInOneBatch(projection, conversationId, batch);

        assertThat(conversation()).isEqualTo(once);
        assertThat(lastMessage(once).getString("preview")).isEqualTo("third");
        assertThat(once.get("lastSeq", Number.class).longValue()).isEqualTo(3);
        assertThat(once.get("receipts", Document.class).get("u-2", Document.class).get("readUpTo", Number.class).longValue())
                .isEqualTo(2);
    }

    private ConversationStarted started() {
        return new ConversationStarted(conversationId, ConversationType.DIRECT, null, "u-1", List.of("u-1", "u-2"), AT);
    }

    private MessageSent sent(long seq, String body) {
        return new MessageSent(conversationId, "m-" + seq, seq, "u-1", body, "cm-" + seq, null, AT.plusSeconds(seq));
    }

    private MessageEdited edited(long seq, String body) {
        return new MessageEdited(conversationId, "m-" + seq, seq, "u-1", body, AT.plusSeconds(60 + seq));
    }

    private Document conversation() {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", conversationId)).first()).block();
    }

    private static Document lastMessage(Document conversation) {
        return conversation.get("lastMessage", Document.class);
    }
}
