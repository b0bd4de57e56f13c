package dev.messenger.projections.conversation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static dev.messenger.projections.conversation.ConversationDocuments.CONVERSATIONS;
import static dev.messenger.projections.conversation.ConversationDocuments.PREVIEW_LENGTH;
import static dev.messenger.projections.conversation.ConversationDocuments.USER_CONVERSATIONS;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.support.MongoWrites;
import java.util.Date;
import java.util.Locale;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Conversations (with each participant's receipt watermarks) and each user's list of them. Every write is an idempotent upsert (a replayed or
 * redelivered event changes nothing): starts replace the whole document, membership uses set
 * semantics, and the last message only moves forward ({@code lastSeq < seq}). A processing batch's writes go
 * out together ({@link MongoWrites}).
 */
@Component
@ProcessingGroup(InboxProjection.GROUP)
public class InboxProjection {

    public static final String GROUP = "inbox";

    private final MongoDatabase db;

    public InboxProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    void on(ConversationStarted event) {
        Document conversation = new Document("_id", event.conversationId())
                .append("type", event.type().name().toLowerCase(Locale.ROOT))
                .append("title", event.title())
                .append("participants", event.participants())
                .append("createdAt", Date.from(event.startedAt()))
                .append("updatedAt", Date.from(event.startedAt()))
                .append("lastSeq", 0L)
                .append("lastMessage", null)
                .append("e2ee", event.e2ee());
        MongoWrites writes = writes().add(CONVERSATIONS, new ReplaceOneModel<>(eq("_id", event.conversationId()), conversation,
                new ReplaceOptions().upsert(true)));
        event.participants().forEach(user -> join(writes, user, event.conversationId(), event.startedAt()));
        writes.flushIfLastEvent(db);
    }

    @EventHandler
    void on(ParticipantAdded event) {
        MongoWrites writes = writes().add(CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.conversationId()),
                Updates.combine(Updates.addToSet("participants", event.userId()), Updates.max("updatedAt", Date.from(event.addedAt())))));
        join(writes, event.userId(), event.conversationId(), event.addedAt());
        writes.flushIfLastEvent(db);
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        writes().add(CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.conversationId()), Updates.pull("participants", event.userId())))
                .add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()), Updates.unset("c." + event.conversationId())))
                .flushIfLastEvent(db);
    }

    @EventHandler
    void on(MessageSent event) {
        String body = event.body() == null ? "" : event.body();
        Document lastMessage = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("preview", preview(body))
                .append("sentAt", Date.from(event.sentAt()));
        update(and(eq("_id", event.conversationId()), lt("lastSeq", event.seq())),
                Updates.combine(Updates.set("lastSeq", event.seq()), Updates.set("lastMessage", lastMessage),
                        Updates.set("updatedAt", Date.from(event.sentAt()))));
    }

    /** The server cannot read it: the preview shows no text. */
    @EventHandler
    void on(EncryptedMessageSent event) {
        Document lastMessage = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("preview", null)
                .append("encrypted", true)
                .append("sentAt", Date.from(event.sentAt()));
        update(and(eq("_id", event.conversationId()), lt("lastSeq", event.seq())),
                Updates.combine(Updates.set("lastSeq", event.seq()), Updates.set("lastMessage", lastMessage),
                        Updates.set("updatedAt", Date.from(event.sentAt()))));
    }

    @EventHandler
    void on(MessageEdited event) {
        update(and(eq("_id", event.conversationId()), eq("lastMessage.messageId", event.messageId())),
                Updates.set("lastMessage.preview", preview(event.body())));
    }

    /** A deleted last message stays the last message, without its text. */
    @EventHandler
    void on(MessageDeleted event) {
        update(and(eq("_id", event.conversationId()), eq("lastMessage.messageId", event.messageId())),
                Updates.combine(Updates.set("lastMessage.preview", null), Updates.set("lastMessage.deleted", true)));
    }

    @EventHandler
    void on(MessagesDelivered event) {
        update(eq("_id", event.conversationId()), Updates.max("receipts." + event.userId() + ".deliveredUpTo", event.upToSeq()));
    }

    @EventHandler
    void on(MessagesRead event) {
        update(eq("_id", event.conversationId()), Updates.combine(
                Updates.max("receipts." + event.userId() + ".deliveredUpTo", event.upToSeq()),
                Updates.max("receipts." + event.userId() + ".readUpTo", event.upToSeq())));
    }

    /** Empties the collections (deleteMany, not drop: the indexes stay, and no write can race a re-created collection). */
    @ResetHandler
    void reset() {
        Mono.from(db.getCollection(CONVERSATIONS).deleteMany(new org.bson.Document()))
                .then(Mono.from(db.getCollection(USER_CONVERSATIONS).deleteMany(new org.bson.Document())))
                .block();
    }

    private static String preview(String body) {
        return body.length() <= PREVIEW_LENGTH ? body : body.substring(0, PREVIEW_LENGTH);
    }

    private static void join(MongoWrites writes, String userId, String conversationId, java.time.Instant at) {
        writes.add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", userId), Updates.set("c." + conversationId, Date.from(at)),
                new UpdateOptions().upsert(true)));
    }

    private void update(org.bson.conversions.Bson conversation, org.bson.conversions.Bson update) {
        writes().add(CONVERSATIONS, new UpdateOneModel<>(conversation, update)).flushIfLastEvent(db);
    }

    private static MongoWrites writes() {
        return MongoWrites.of(GROUP);
    }
}
