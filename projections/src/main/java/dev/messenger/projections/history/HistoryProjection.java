package dev.messenger.projections.history;

import static com.mongodb.client.model.Filters.eq;
import static dev.messenger.projections.history.HistoryMessages.HEADS;
import static dev.messenger.projections.history.HistoryMessages.MESSAGES;
import static dev.messenger.projections.history.HistoryMessages.messageDocumentId;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.QuotedMessage;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.projections.message.ServiceItem;
import dev.messenger.projections.support.MongoWrites;
import dev.messenger.projections.support.ProcessingBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.annotation.MessageIdentifier;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Message history per conversation, a document per message ({@link HistoryMessages}, found by its id through a unique
 * index), and where each file was sent ({@link MediaShares}). Every write is idempotent: replacing a message's
 * document with the same one, setting a field, adding a reactor to a set. A processing batch's writes go out together
 * ({@link MongoWrites}). Changes to a group (members, roles, name, description, picture) are kept as service items
 * between the messages ({@link HistoryMessages#SERVICE}).
 */
@Component
@ProcessingGroup(HistoryProjection.GROUP)
public class HistoryProjection {

    public static final String GROUP = "history";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);

    private static final Duration INDEX_TIMEOUT = Duration.ofMinutes(10);

    private final MongoDatabase db;
    /** Whether {@link HistoryMessages#BY_MESSAGE_ID} is known to exist. */
    private volatile boolean indexed;

    public HistoryProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    public void on(MessageSent event) {
        Document message = messageDocument(event.conversationId(), event.seq())
                .append("messageId", event.messageId())
                .append("senderId", event.senderId())
                .append("body", event.body())
                .append("sentAt", Date.from(event.sentAt()))
                .append("replyTo", event.replyTo())
                .append("deleted", false);
        quoted(message, event.quoted());
        mentions(message, event.mentions());
        if (event.forwarded()) {
            message.append("forwarded", true);
        }
        if (event.media() != null) {
            message.append("media", media(event.media()));
        }
        MongoWrites writes = writes();
        if (event.media() != null) {
            writes.add(MediaShares.COLLECTION, new UpdateOneModel<>(eq("_id", event.media().mediaId()),
                    Updates.addToSet(MediaShares.CONVERSATIONS, event.conversationId()), UPSERT));
        }
        store(writes, event.conversationId(), event.seq(), message);
    }

    /** Stored as it came: an envelope per device, no body. A reader is shown the envelopes of their own devices only. */
    @EventHandler
    public void on(EncryptedMessageSent event) {
        Document message = messageDocument(event.conversationId(), event.seq())
                .append("messageId", event.messageId())
                .append("senderId", event.senderId())
                .append("body", null)
                .append("ciphertexts", new Document(event.ciphertexts()))
                .append("sentAt", Date.from(event.sentAt()))
                .append("replyTo", event.replyTo())
                .append("deleted", false);
        quoted(message, event.quoted());
        mentions(message, event.mentions());
        store(writes(), event.conversationId(), event.seq(), message);
    }

    @EventHandler
    void on(ParticipantAdded event, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event, afterSeq(event.conversationId(), event.afterSeq())));
    }

    @EventHandler
    void on(ParticipantRemoved event, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event, afterSeq(event.conversationId(), event.afterSeq())));
    }

    @EventHandler
    void on(ParticipantRoleChanged event, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event));
    }

    @EventHandler
    void on(ConversationRenamed event, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event));
    }

    @EventHandler
    void on(ConversationDescriptionChanged event, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event));
    }

    /** A group's picture may be read by its members, like a file sent there. */
    @EventHandler
    void on(ConversationPictureChanged event, @MessageIdentifier String eventId) {
        MongoWrites writes = service(ServiceItem.of(eventId, event));
        if (event.pictureMediaId() != null) {
            writes.add(MediaShares.COLLECTION, new UpdateOneModel<>(eq("_id", event.pictureMediaId()),
                    Updates.addToSet(MediaShares.CONVERSATIONS, event.conversationId()), UPSERT));
        }
    }

    /** Added to the set of service items after message {@code afterSeq}: a redelivered event is the same entry again. */
    private MongoWrites service(ServiceItem item) {
        Document entry = new Document("serviceId", item.serviceId()).append("type", item.type()).append("actorId", item.actorId())
                .append("userId", item.userId()).append("role", item.role()).append("title", item.title())
                .append("pictureMediaId", item.pictureMediaId()).append("at", Date.from(item.at()));
        return writes().add(HistoryMessages.SERVICE, new UpdateOneModel<>(
                eq("_id", HistoryMessages.serviceDocumentId(item.conversationId(), item.afterSeq())),
                Updates.combine(Updates.setOnInsert("conversationId", item.conversationId()),
                        Updates.setOnInsert("afterSeq", item.afterSeq()), Updates.addToSet("items", entry)), UPSERT));
    }

    /**
     * Where a membership change goes: the event says, except in events recorded before it did; for those, after the
     * conversation's newest message as this projection has it (sent earlier in this batch, else stored).
     */
    private long afterSeq(String conversationId, Long recorded) {
        if (recorded != null) {
            return recorded;
        }
        Long inBatch = lastSeqs().get(conversationId);
        if (inBatch != null) {
            return inBatch;
        }
        Document head = Mono.from(db.getCollection(HEADS).find(eq("_id", conversationId)).first()).block();
        return head != null && head.get("lastSeq") instanceof Number last ? last.longValue() : 0L;
    }

    /** This batch's newest seq of each conversation it sent messages in. */
    private static Map<String, Long> lastSeqs() {
        return ProcessingBatch.resource(HistoryProjection.class.getName() + "/lastSeq", HashMap::new);
    }

    private void store(MongoWrites writes, String conversationId, long seq, Document message) {
        lastSeqs().merge(conversationId, seq, Math::max);
        // a redelivered send replaces the document as it was first written; the edits, deletes and reactions after it
        // are redelivered too (the token is behind all of them), so they are applied again in order
        writes.add(MESSAGES, new ReplaceOneModel<>(eq("_id", message.get("_id")), message, REPLACE_UPSERT))
                .add(HEADS, new UpdateOneModel<>(eq("_id", conversationId), Updates.max("lastSeq", seq), UPSERT));
    }

    /**
     * An edit is added to the message's {@code edits} ({@code {body, at}}, oldest first); {@code body} stays the body as
     * sent, so every version is kept without reading the document first, and a redelivered edit adds nothing (the same
     * entry is already in the set). The body shown is the last edit's ({@link HistoryMessages#currentBody}).
     */
    @EventHandler
    void on(MessageEdited event) {
        update(event.conversationId(), event.seq(), Updates.combine(
                Updates.addToSet(HistoryMessages.EDITS, new Document("body", event.body()).append("at", Date.from(event.editedAt()))),
                Updates.set("editedAt", Date.from(event.editedAt()))));
    }

    /** The tombstone keeps seq, sender and time; the body (or envelopes), the file and the reactions are gone. */
    @EventHandler
    void on(MessageDeleted event) {
        update(event.conversationId(), event.seq(), Updates.combine(
                Updates.set("deleted", true),
                Updates.unset("body"),
                Updates.unset("ciphertexts"),
                Updates.unset("editedAt"),
                Updates.unset("media"),
                Updates.unset(HistoryMessages.QUOTED),
                Updates.unset(HistoryMessages.EDITS),
                Updates.unset(HistoryMessages.MENTIONS),
                Updates.unset(HistoryMessages.MENTION_ALL),
                Updates.unset("reactions")));
    }

    @EventHandler
    void on(ReactionAdded event) {
        update(event.conversationId(), event.seq(), Updates.addToSet("reactions." + event.emoji(), event.userId()));
    }

    @EventHandler
    void on(ReactionRemoved event) {
        update(event.conversationId(), event.seq(), Updates.pull("reactions." + event.emoji(), event.userId()));
    }

    /**
     * A file deleted for good (the gateway's file erasure, once no message and no group shows it): nobody may download
     * it any more, and the record of where it was sent goes with it. A replay would not bring it back: the deleted
     * messages that carried it no longer say which file it was.
     */
    public Mono<Void> forgetShares(String mediaId) {
        return Mono.from(db.getCollection(MediaShares.COLLECTION).deleteOne(eq("_id", mediaId))).then();
    }

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, MESSAGES, HEADS, HistoryMessages.SERVICE, MediaShares.COLLECTION,
                HistoryMessages.LEGACY_MESSAGE_INDEX, HistoryMessages.LEGACY_BUCKETS);
        createMessageIdIndex(); // dropped with its collection; made here, as other nodes think it still exists
    }

    private void update(String conversationId, long seq, org.bson.conversions.Bson update) {
        writes().add(MESSAGES, new UpdateOneModel<>(eq("_id", messageDocumentId(conversationId, seq)), update));
    }

    private static Document messageDocument(String conversationId, long seq) {
        return new Document("_id", messageDocumentId(conversationId, seq)).append("conversationId", conversationId).append("seq", seq);
    }

    private MongoWrites writes() {
        if (!indexed) {
            createMessageIdIndex();
        }
        return MongoWrites.of(GROUP, db);
    }

    /**
     * Made before a node's first write (idempotent: an index that exists is left as it is), and again by the reset that
     * dropped it. On an installation upgraded from {@code message_index} this builds it over the stored messages once, which on
     * a large history takes minutes: the batch waits for it, and is retried if it waited too long.
     */
    private void createMessageIdIndex() {
        Mono.from(db.getCollection(MESSAGES).createIndex(Indexes.ascending("conversationId", "messageId"),
                new IndexOptions().unique(true).name(HistoryMessages.BY_MESSAGE_ID))).block(INDEX_TIMEOUT);
        indexed = true;
    }

    /** A reply keeps the quoted message's facts; its text is looked up when history is read (it may change). */
    private static void quoted(Document message, QuotedMessage quoted) {
        if (quoted != null) {
            message.append(HistoryMessages.QUOTED, new Document("messageId", quoted.messageId()).append("seq", quoted.seq())
                    .append("senderId", quoted.senderId()));
        }
    }

    /** Whom a message mentions, as the API shows it: {@code mentions} (ids) and {@code mentionAll}, each only when there. */
    private static void mentions(Document message, dev.messenger.events.message.Mentions mentions) {
        if (mentions != null && !mentions.userIds().isEmpty()) {
            message.append(HistoryMessages.MENTIONS, mentions.userIds());
        }
        if (mentions != null && mentions.all()) {
            message.append(HistoryMessages.MENTION_ALL, true);
        }
    }

    private static Document media(MediaRef media) {
        Document document = new Document("mediaId", media.mediaId()).append("contentType", media.contentType()).append("size", media.size());
        if (media.width() != null) {
            document.append("width", media.width()).append("height", media.height());
        }
        if (media.durationMillis() != null) {
            document.append("durationMillis", media.durationMillis());
        }
        if (media.waveform() != null) {
            document.append("waveform", media.waveform());
        }
        return document;
    }
}
