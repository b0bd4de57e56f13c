package dev.messenger.projections.conversation;

import static com.mongodb.client.model.Filters.eq;
import static dev.messenger.projections.conversation.ConversationDocuments.CONVERSATIONS;
import static dev.messenger.projections.conversation.ConversationDocuments.PREVIEW_LENGTH;
import static dev.messenger.projections.conversation.ConversationDocuments.USER_CONVERSATIONS;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.InvitationAccepted;
import dev.messenger.events.conversation.InvitationDeclined;
import dev.messenger.events.conversation.InviteLinkCreated;
import dev.messenger.events.conversation.InviteLinkRevoked;
import dev.messenger.events.conversation.JoinRequestDeclined;
import dev.messenger.events.conversation.JoinRequested;
import dev.messenger.events.conversation.ParticipantInvited;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.MessageRequestDeclined;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.support.MongoWrites;
import dev.messenger.projections.support.ProcessingBatch;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Conversations (with each participant's receipt watermarks) and each user's list of them. A processing batch's
 * writes go out together ({@link MongoWrites}), and every write selects its document by {@code _id} alone: the
 * MongoDB stand-in serves only such a filter from an index and scans the whole collection for any other.
 *
 * <p>Applying an event again changes nothing in the end: starts replace the whole document, membership uses set
 * semantics, watermarks only grow ({@code $max}), and the last message is set unconditionally. That last one is safe
 * because a tracking processor hands a conversation's events over in order and, after a failure, hands over again
 * everything after its last stored token, in order: the final write is always the newest message's.
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
                .append("e2ee", event.e2ee())
                .append(ConversationDocuments.REQUEST_FOR, event.requestFor());
        Document members = new Document();
        for (String user : event.participants()) {
            ParticipantRole role = event.type() == ConversationType.GROUP && user.equals(event.startedBy())
                    ? ParticipantRole.OWNER : ParticipantRole.MEMBER;
            members.append(user, member(role, event.startedAt()));
        }
        conversation.append(ConversationDocuments.MEMBERS, members);
        MongoWrites writes = writes().add(CONVERSATIONS, new ReplaceOneModel<>(eq("_id", event.conversationId()), conversation,
                new ReplaceOptions().upsert(true)));
        for (String user : event.participants()) {
            if (user.equals(event.requestFor())) {
                // a message request waits in the recipient's requests, not in their inbox
                writes.add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", user),
                        Updates.set(ConversationDocuments.REQUESTS + "." + event.conversationId(), Date.from(event.startedAt())),
                        new UpdateOptions().upsert(true)));
            } else {
                join(writes, user, event.conversationId(), event.startedAt());
            }
        }
    }

    /** Accepted: into the recipient's inbox, and a request no more on either side. */
    @EventHandler
    void on(MessageRequestAccepted event) {
        MongoWrites writes = writes().add(CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.conversationId()),
                Updates.set(ConversationDocuments.REQUEST_FOR, null)));
        writes.add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()), Updates.combine(
                Updates.unset(ConversationDocuments.REQUESTS + "." + event.conversationId()),
                Updates.set("c." + event.conversationId(), Date.from(event.acceptedAt()))), new UpdateOptions().upsert(true)));
    }

    /** Declined: out of the recipient's requests; for its starter it stays a request (they are not told). */
    @EventHandler
    void on(MessageRequestDeclined event) {
        writes().add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()),
                Updates.unset(ConversationDocuments.REQUESTS + "." + event.conversationId())));
    }

    /** In: a member, and no longer invited or asking to join. */
    @EventHandler
    void on(ParticipantAdded event) {
        writes().add(CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.conversationId()),
                Updates.combine(Updates.addToSet("participants", event.userId()), Updates.max("updatedAt", Date.from(event.addedAt())),
                        Updates.set(ConversationDocuments.MEMBERS + "." + event.userId(), member(ParticipantRole.MEMBER, event.addedAt())),
                        Updates.unset(ConversationDocuments.JOIN_REQUESTS + "." + event.userId()))))
                .add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()), Updates.combine(
                        Updates.set("c." + event.conversationId(), Date.from(event.addedAt())),
                        Updates.unset(ConversationDocuments.INVITATIONS + "." + event.conversationId())), new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(ParticipantInvited event) {
        writes().add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()),
                Updates.set(ConversationDocuments.INVITATIONS + "." + event.conversationId(), new Document("invitationId", event.invitationId())
                        .append("invitedBy", event.invitedBy()).append("invitedAt", Date.from(event.invitedAt())).append("title", event.title())),
                new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(InvitationAccepted event) {
        invitationAnswered(event.userId(), event.conversationId());
    }

    @EventHandler
    void on(InvitationDeclined event) {
        invitationAnswered(event.userId(), event.conversationId());
    }

    private void invitationAnswered(String userId, String conversationId) {
        writes().add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", userId),
                Updates.unset(ConversationDocuments.INVITATIONS + "." + conversationId)));
    }

    @EventHandler
    void on(InviteLinkCreated event) {
        update(eq("_id", event.conversationId()), Updates.set(ConversationDocuments.INVITE_LINKS + "." + event.code(),
                new Document("approval", event.approval()).append("createdBy", event.createdBy()).append("createdAt", Date.from(event.createdAt()))));
    }

    @EventHandler
    void on(InviteLinkRevoked event) {
        update(eq("_id", event.conversationId()), Updates.unset(ConversationDocuments.INVITE_LINKS + "." + event.code()));
    }

    @EventHandler
    void on(JoinRequested event) {
        update(eq("_id", event.conversationId()), Updates.set(ConversationDocuments.JOIN_REQUESTS + "." + event.userId(),
                new Document("requestedAt", Date.from(event.requestedAt()))));
    }

    @EventHandler
    void on(JoinRequestDeclined event) {
        update(eq("_id", event.conversationId()), Updates.unset(ConversationDocuments.JOIN_REQUESTS + "." + event.userId()));
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        writes().add(CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.conversationId()), Updates.combine(
                        Updates.pull("participants", event.userId()), Updates.unset(ConversationDocuments.MEMBERS + "." + event.userId()))))
                .add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()), Updates.combine(
                        Updates.unset("c." + event.conversationId()), Updates.unset("s." + event.conversationId()))));
    }

    @EventHandler
    void on(ParticipantRoleChanged event) {
        update(eq("_id", event.conversationId()), Updates.set(ConversationDocuments.MEMBERS + "." + event.userId() + ".role",
                role(event.role())));
    }

    @EventHandler
    void on(ConversationRenamed event) {
        update(eq("_id", event.conversationId()), Updates.set("title", event.title()));
    }

    @EventHandler
    void on(ConversationDescriptionChanged event) {
        update(eq("_id", event.conversationId()), Updates.set(ConversationDocuments.DESCRIPTION, event.description()));
    }

    @EventHandler
    void on(ConversationPictureChanged event) {
        update(eq("_id", event.conversationId()), Updates.set(ConversationDocuments.PICTURE, event.pictureMediaId()));
    }

    private static Document member(ParticipantRole role, java.time.Instant joinedAt) {
        return new Document("role", role(role)).append("joinedAt", Date.from(joinedAt));
    }

    private static String role(ParticipantRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** The member's own flags, under {@code s.<conversationId>} of their list; none kept when both are off. */
    @EventHandler
    void on(ConversationStateChanged event) {
        String field = "s." + event.conversationId();
        writes().add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()),
                !event.archived() && !event.pinned() ? Updates.unset(field)
                        : Updates.set(field, new Document("archived", event.archived()).append("pinned", event.pinned()))));
    }

    /** A user's own mute, so that their inbox (and their other devices, through it) shows it; push keeps its own copy. */
    @EventHandler
    void on(ConversationMuted event) {
        String field = ConversationDocuments.MUTED_UNTIL + "." + event.conversationId();
        writes().add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", event.userId()),
                event.until() == null ? Updates.unset(field) : Updates.set(field, Date.from(event.until()))));
    }

    /** Pins in the order they were made; the same pin again is the same entry of the set. */
    @EventHandler
    void on(MessagePinned event) {
        update(eq("_id", event.conversationId()), Updates.addToSet(ConversationDocuments.PINS, new Document("messageId", event.messageId())
                .append("seq", event.seq()).append("pinnedBy", event.pinnedBy()).append("pinnedAt", Date.from(event.pinnedAt()))));
    }

    @EventHandler
    void on(MessageUnpinned event) {
        update(eq("_id", event.conversationId()), Updates.pull(ConversationDocuments.PINS, new Document("messageId", event.messageId())));
    }

    @EventHandler
    void on(MessageSent event) {
        String body = event.body() == null ? "" : event.body();
        Document lastMessage = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("preview", preview(body))
                .append("sentAt", Date.from(event.sentAt()));
        lastMessage(event.conversationId(), event.seq(), lastMessage, event.sentAt());
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
        lastMessage(event.conversationId(), event.seq(), lastMessage, event.sentAt());
    }

    /**
     * A replayed edit of a message deleted later has no body (its key went with the delete, which follows it in the
     * log and marks the preview deleted): its preview is none rather than a failure.
     */
    @EventHandler
    void on(MessageEdited event) {
        if (isLastMessage(event.conversationId(), event.seq())) {
            update(eq("_id", event.conversationId()), Updates.set("lastMessage.preview", preview(event.body())));
        }
    }

    /** A deleted last message stays the last message, without its text. */
    @EventHandler
    void on(MessageDeleted event) {
        if (isLastMessage(event.conversationId(), event.seq())) {
            update(eq("_id", event.conversationId()),
                    Updates.combine(Updates.set("lastMessage.preview", null), Updates.set("lastMessage.deleted", true)));
        }
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

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, CONVERSATIONS, USER_CONVERSATIONS);
    }

    private static String preview(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= PREVIEW_LENGTH ? body : body.substring(0, PREVIEW_LENGTH);
    }

    private static void join(MongoWrites writes, String userId, String conversationId, java.time.Instant at) {
        writes.add(USER_CONVERSATIONS, new UpdateOneModel<>(eq("_id", userId), Updates.set("c." + conversationId, Date.from(at)),
                new UpdateOptions().upsert(true)));
    }

    private void lastMessage(String conversationId, long seq, Document lastMessage, java.time.Instant sentAt) {
        lastSeqs().put(conversationId, seq);
        update(eq("_id", conversationId), Updates.combine(Updates.max("lastSeq", seq), Updates.set("lastMessage", lastMessage),
                Updates.set("updatedAt", Date.from(sentAt))));
    }

    /**
     * Whether message {@code seq} is the conversation's last: as sent earlier in this batch, else as stored (one
     * {@code _id} read; the batches before this one are all written).
     */
    private boolean isLastMessage(String conversationId, long seq) {
        Long last = lastSeqs().get(conversationId);
        if (last == null) {
            Document stored = Mono.from(db.getCollection(CONVERSATIONS).find(eq("_id", conversationId))
                    .projection(new Document("lastSeq", 1)).first()).block();
            last = stored == null ? 0L : number(stored.get("lastSeq"));
            lastSeqs().put(conversationId, last);
        }
        return last == seq;
    }

    /** This batch's view of each conversation's last seq (a fresh map outside a batch). */
    private static Map<String, Long> lastSeqs() {
        return ProcessingBatch.resource(InboxProjection.class.getName() + "/lastSeq", HashMap::new);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private void update(org.bson.conversions.Bson conversation, org.bson.conversions.Bson update) {
        writes().add(CONVERSATIONS, new UpdateOneModel<>(conversation, update));
    }

    private MongoWrites writes() {
        return MongoWrites.of(GROUP, db);
    }
}
