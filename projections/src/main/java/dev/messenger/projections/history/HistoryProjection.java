package dev.messenger.projections.history;

import static com.mongodb.client.model.Filters.eq;
import static dev.messenger.projections.history.HistoryBuckets.BUCKETS;
import static dev.messenger.projections.history.HistoryBuckets.HEADS;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.projections.support.MongoWrites;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Message history per conversation, in seq-keyed buckets, the index from message id to its
 * immutable facts, and where each file was sent ({@link MediaShares}). Every write is idempotent: setting {@code m.<seq>} twice, adding a reactor to a set.
 * A processing batch's writes go out together ({@link MongoWrites}).
 */
@Component
@ProcessingGroup(HistoryProjection.GROUP)
public class HistoryProjection {

    public static final String GROUP = "history";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoDatabase db;

    public HistoryProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    public void on(MessageSent event) {
        Document message = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("body", event.body())
                .append("sentAt", Date.from(event.sentAt()))
                .append("replyTo", event.replyTo())
                .append("deleted", false);
        if (event.media() != null) {
            message.append("media", media(event.media()));
        }
        MongoWrites writes = writes();
        if (event.media() != null) {
            writes.add(MediaShares.COLLECTION, new UpdateOneModel<>(eq("_id", event.media().mediaId()),
                    Updates.addToSet(MediaShares.CONVERSATIONS, event.conversationId()), UPSERT));
        }
        store(writes, event.conversationId(), event.messageId(), event.seq(), event.senderId(), message);
    }

    /** Stored as it came: an envelope per device, no body. A reader is shown the envelopes of their own devices only. */
    @EventHandler
    public void on(EncryptedMessageSent event) {
        Document message = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("body", null)
                .append("ciphertexts", new Document(event.ciphertexts()))
                .append("sentAt", Date.from(event.sentAt()))
                .append("replyTo", event.replyTo())
                .append("deleted", false);
        store(writes(), event.conversationId(), event.messageId(), event.seq(), event.senderId(), message);
    }

    private void store(MongoWrites writes, String conversationId, String messageId, long seq, String senderId, Document message) {
        long bucket = HistoryBuckets.bucketOf(seq);
        writes.add(BUCKETS, new UpdateOneModel<>(eq("_id", HistoryBuckets.bucketId(conversationId, bucket)),
                        Updates.combine(Updates.set("conversationId", conversationId), Updates.set("bucket", bucket),
                                Updates.set("m." + seq, message)),
                        UPSERT))
                .add(HEADS, new UpdateOneModel<>(eq("_id", conversationId), Updates.max("lastSeq", seq), UPSERT))
                .add(MessageIndex.COLLECTION, new ReplaceOneModel<>(eq("_id", messageId),
                        new Document("_id", messageId).append("conversationId", conversationId)
                                .append("seq", seq).append("senderId", senderId),
                        new ReplaceOptions().upsert(true)))
                .flushIfLastEvent(db);
    }

    @EventHandler
    void on(MessageEdited event) {
        update(event.conversationId(), event.seq(), Updates.combine(
                Updates.set(field(event.seq(), "body"), event.body()),
                Updates.set(field(event.seq(), "editedAt"), Date.from(event.editedAt()))));
    }

    /** The tombstone keeps seq, sender and time; the body (or envelopes), the file and the reactions are gone. */
    @EventHandler
    void on(MessageDeleted event) {
        update(event.conversationId(), event.seq(), Updates.combine(
                Updates.set(field(event.seq(), "deleted"), true),
                Updates.unset(field(event.seq(), "body")),
                Updates.unset(field(event.seq(), "ciphertexts")),
                Updates.unset(field(event.seq(), "editedAt")),
                Updates.unset(field(event.seq(), "media")),
                Updates.unset(field(event.seq(), "reactions"))));
    }

    @EventHandler
    void on(ReactionAdded event) {
        update(event.conversationId(), event.seq(), Updates.addToSet(field(event.seq(), "reactions." + event.emoji()), event.userId()));
    }

    @EventHandler
    void on(ReactionRemoved event) {
        update(event.conversationId(), event.seq(), Updates.pull(field(event.seq(), "reactions." + event.emoji()), event.userId()));
    }

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, BUCKETS, HEADS, MessageIndex.COLLECTION, MediaShares.COLLECTION);
    }

    private void update(String conversationId, long seq, org.bson.conversions.Bson update) {
        writes().add(BUCKETS, new UpdateOneModel<>(eq("_id", HistoryBuckets.bucketId(conversationId, HistoryBuckets.bucketOf(seq))),
                update)).flushIfLastEvent(db);
    }

    private static MongoWrites writes() {
        return MongoWrites.of(GROUP);
    }

    private static Document media(MediaRef media) {
        Document document = new Document("mediaId", media.mediaId()).append("contentType", media.contentType()).append("size", media.size());
        if (media.width() != null) {
            document.append("width", media.width()).append("height", media.height());
        }
        return document;
    }

    private static String field(long seq, String name) {
        return "m." + seq + "." + name;
    }
}
