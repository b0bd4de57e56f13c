package dev.messenger.projections.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.InvitationAccepted;
import dev.messenger.events.conversation.InvitationDeclined;
import dev.messenger.events.conversation.JoinRequestDeclined;
import dev.messenger.events.conversation.JoinRequested;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.ParticipantInvited;
import dev.messenger.events.conversation.MessageRequestDeclined;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.projections.message.ServiceItem;
import org.axonframework.messaging.annotation.MessageIdentifier;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.projections.message.MessageView;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Each user's feed: every event a user may see, in order, with a position of its own (served by
 * {@code GET /events} and {@code GET /sync}). Keeps its own copy of conversation members so it never
 * reads another projection's store. Message bodies are kept by reference ({@link FeedKeys#bodies}),
 * so a deleted body disappears from every replay.
 */
@Component
@ProcessingGroup(FeedProjection.GROUP)
public class FeedProjection {

    public static final String GROUP = "feed";
    /** The feed's own copy of who turned read receipts off. */
    static final String HIDDEN_READ_RECEIPTS = "feed:hidden-read-receipts";

    private final RedissonClient redis;
    private final FeedWriter writer;
    private final ObjectMapper json;
    private final FeedEpoch epoch;

    public FeedProjection(RedissonClient redis, FeedWriter writer, ObjectMapper objectMapper, FeedEpoch epoch) {
        this.redis = redis;
        this.epoch = epoch;
        this.writer = writer;
        this.json = objectMapper;
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber long sequence) {
        writer.addMembers(event.conversationId(), event.participants());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", event.conversationId());
        data.put("type", event.type().name().toLowerCase(Locale.ROOT));
        data.put("title", event.title());
        data.put("participants", event.participants());
        data.put("createdAt", event.startedAt());
        if (event.requestFor() != null) {
            data.put("requestFor", event.requestFor());
        }
        writer.append(event.participants(), event.conversationId(), sequence, "conversation.created", write(data));
    }

    /** Both sides learn it: the recipient's other devices move it to the inbox, and the starter's show it as a request no more. */
    @EventHandler
    void on(MessageRequestAccepted event, @SequenceNumber long sequence) {
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "request.accepted", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(), "acceptedAt", event.acceptedAt())));
    }

    /** Only the one who declined hears of it (their other devices): its starter is not told. */
    @EventHandler
    void on(MessageRequestDeclined event, @SequenceNumber long sequence) {
        writer.append(Set.of(event.userId()), event.conversationId(), sequence, "request.declined", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(), "declinedAt", event.declinedAt())));
    }

    @EventHandler
    void on(ParticipantAdded event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        writer.addMembers(event.conversationId(), Set.of(event.userId()));
        Set<String> members = writer.members(event.conversationId());
        writer.append(members, event.conversationId(), sequence, "participant.added", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(),
                "addedBy", event.addedBy(), "addedAt", event.addedAt())));
        ServiceItem item = ServiceItem.of(eventId, event, event.afterSeq());
        writer.appendSecond(members, event.conversationId(), sequence, item.type(), write(item));
    }

    /** Only the invited user hears of an invitation (all their devices); the group's members do when they join. */
    @EventHandler
    void on(ParticipantInvited event, @SequenceNumber long sequence) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("invitationId", event.invitationId());
        data.put("conversationId", event.conversationId());
        data.put("title", event.title());
        data.put("invitedBy", event.invitedBy());
        data.put("createdAt", event.invitedAt());
        writer.append(Set.of(event.userId()), event.conversationId(), sequence, "invitation.received", write(data));
    }

    @EventHandler
    void on(InvitationAccepted event, @SequenceNumber long sequence) {
        writer.append(Set.of(event.userId()), event.conversationId(), sequence, "invitation.accepted", write(Map.of(
                "invitationId", event.invitationId(), "conversationId", event.conversationId(), "acceptedAt", event.acceptedAt())));
    }

    /** The invited user's devices, and whoever invited them. */
    @EventHandler
    void on(InvitationDeclined event, @SequenceNumber long sequence) {
        writer.append(new HashSet<>(java.util.List.of(event.userId(), event.invitedBy())), event.conversationId(), sequence, "invitation.declined", write(Map.of(
                "invitationId", event.invitationId(), "conversationId", event.conversationId(), "userId", event.userId(),
                "invitedBy", event.invitedBy(), "declinedAt", event.declinedAt())));
    }

    /** The admins the request was put to, and the one asking (their other devices). */
    @EventHandler
    void on(JoinRequested event, @SequenceNumber long sequence) {
        Set<String> audience = new HashSet<>(event.approvers());
        audience.add(event.userId());
        writer.append(audience, event.conversationId(), sequence, "join.requested", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(), "requestedAt", event.requestedAt())));
    }

    @EventHandler
    void on(JoinRequestDeclined event, @SequenceNumber long sequence) {
        writer.append(new HashSet<>(java.util.List.of(event.userId(), event.declinedBy())), event.conversationId(), sequence, "join.declined", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(), "declinedBy", event.declinedBy(),
                "declinedAt", event.declinedAt())));
    }

    @EventHandler
    void on(ParticipantRemoved event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        Set<String> audience = new HashSet<>(writer.members(event.conversationId()));
        audience.add(event.userId());
        writer.append(audience, event.conversationId(), sequence, "participant.removed", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(),
                "removedBy", event.removedBy(), "removedAt", event.removedAt())));
        ServiceItem item = ServiceItem.of(eventId, event, event.afterSeq());
        writer.appendSecond(audience, event.conversationId(), sequence, item.type(), write(item));
        writer.removeMember(event.conversationId(), event.userId());
    }

    @EventHandler
    void on(ParticipantRoleChanged event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event), sequence);
    }

    @EventHandler
    void on(ConversationRenamed event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event), sequence);
    }

    @EventHandler
    void on(ConversationDescriptionChanged event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event), sequence);
    }

    @EventHandler
    void on(ConversationPictureChanged event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        service(ServiceItem.of(eventId, event), sequence);
    }

    /** A group change every member's stream shows as it is in history, its type as the event's name. */
    private void service(ServiceItem item, long sequence) {
        writer.append(writer.members(item.conversationId()), item.conversationId(), sequence, item.type(), write(item));
    }

    @EventHandler
    void on(MessageSent event, @SequenceNumber long sequence) {
        // a file without a caption has a body entry too: a message without one reads as deleted in a replay
        writer.putBody(event.conversationId(), event.messageId(), event.body() == null ? FeedKeys.NO_CAPTION : event.body());
        MessageView sent = MessageView.of(event);
        if (sent.media() != null) {
            writer.putFile(event.conversationId(), event.messageId(), write(sent.media()));
        }
        String stored = write(sent.withBody(null).withoutMedia());
        if (sent.replyPreview() != null) {
            String quotedBody = writer.findBody(event.conversationId(), sent.replyPreview().messageId());
            sent = sent.withReplyPreview(sent.replyPreview().withBody(
                    FeedKeys.NO_CAPTION.equals(quotedBody) ? null : quotedBody, quotedBody == null));
        }
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "message.sent",
                stored, write(sent), event.messageId());
    }

    /**
     * Each member's stream gets the envelopes of their own devices only. Replays read them by reference
     * like bodies (all envelopes under the message id, dropped when it is deleted) and filter them likewise.
     */
    @EventHandler
    void on(EncryptedMessageSent event, @SequenceNumber long sequence) {
        writer.putBody(event.conversationId(), event.messageId(), write(event.ciphertexts()));
        MessageView sent = MessageView.of(event);
        if (sent.replyPreview() != null) {
            // the server cannot read the quoted message either: the preview tells only whether it is still there
            boolean quotedDeleted = writer.findBody(event.conversationId(), sent.replyPreview().messageId()) == null;
            sent = sent.withReplyPreview(sent.replyPreview().withBody(null, quotedDeleted));
        }
        Map<String, String> live = new LinkedHashMap<>();
        for (String member : writer.members(event.conversationId())) {
            live.put(member, write(sent.withCiphertexts(EncryptedMessageSent.envelopesFor(event.ciphertexts(), member))));
        }
        writer.appendEach(live, event.conversationId(), sequence, "message.sent", write(sent), event.messageId());
    }

    @EventHandler
    void on(MessageEdited event, @SequenceNumber long sequence) {
        writer.putBody(event.conversationId(), event.messageId(), event.body());
        Map<String, Object> data = messageRef(event.conversationId(), event.messageId(), event.seq(), event.senderId());
        data.put("editedAt", event.editedAt());
        String stored = write(data);
        data.put("body", event.body());
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "message.edited", stored,
                write(data), event.messageId());
    }

    @EventHandler
    void on(MessageDeleted event, @SequenceNumber long sequence) {
        writer.removeBody(event.conversationId(), event.messageId());
        Map<String, Object> data = messageRef(event.conversationId(), event.messageId(), event.seq(), event.senderId());
        data.put("deletedAt", event.deletedAt());
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "message.deleted", write(data));
    }

    @EventHandler
    void on(ReactionAdded event, @SequenceNumber long sequence) {
        reaction("reaction.added", event.conversationId(), event.messageId(), event.seq(), event.userId(), event.emoji(),
                event.addedAt(), sequence);
    }

    @EventHandler
    void on(ReactionRemoved event, @SequenceNumber long sequence) {
        reaction("reaction.removed", event.conversationId(), event.messageId(), event.seq(), event.userId(), event.emoji(),
                event.removedAt(), sequence);
    }

    @EventHandler
    void on(MessagePinned event, @SequenceNumber long sequence) {
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "message.pinned", write(Map.of(
                "conversationId", event.conversationId(), "messageId", event.messageId(), "seq", event.seq(),
                "pinnedBy", event.pinnedBy(), "pinnedAt", event.pinnedAt())));
    }

    @EventHandler
    void on(MessageUnpinned event, @SequenceNumber long sequence) {
        writer.append(writer.members(event.conversationId()), event.conversationId(), sequence, "message.unpinned", write(Map.of(
                "conversationId", event.conversationId(), "messageId", event.messageId(), "seq", event.seq(),
                "unpinnedBy", event.unpinnedBy(), "unpinnedAt", event.unpinnedAt())));
    }

    /** One's own inbox flags reach one's other devices; nobody else's stream hears of them. */
    @EventHandler
    void on(ConversationStateChanged event, @SequenceNumber long sequence) {
        writer.append(Set.of(event.userId()), event.conversationId(), sequence, "conversation.state", write(Map.of(
                "conversationId", event.conversationId(), "archived", event.archived(), "pinned", event.pinned(),
                "changedAt", event.changedAt())));
    }

    @EventHandler
    void on(MessagesDelivered event, @SequenceNumber long sequence) {
        receipt("receipt.delivered", event.conversationId(), event.userId(), event.upToSeq(), event.deliveredAt(), sequence);
    }

    /**
     * Others see a read receipt only from users who show them; the reader's own devices always do, so that a chat read on
     * the phone is read on the laptop too.
     */
    @EventHandler
    void on(MessagesRead event, @SequenceNumber long sequence) {
        Set<String> recipients = hiddenReadReceipts().contains(event.userId()) ? new HashSet<>() : others(event.conversationId(), event.userId());
        recipients.add(event.userId());
        writer.append(recipients, event.conversationId(), sequence, "receipt.read", receiptJson(event.conversationId(), event.userId(),
                event.upToSeq(), event.readAt()));
    }

    /** A mute reaches the user's other devices; nobody else hears of it. */
    @EventHandler
    void on(ConversationMuted event, @SequenceNumber long sequence) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", event.conversationId());
        data.put("until", event.until());
        data.put("mutedAt", event.mutedAt());
        writer.append(Set.of(event.userId()), event.conversationId(), sequence, "conversation.muted", write(data));
    }

    /** The user's own devices learn their new privacy settings. */
    @EventHandler
    void on(PrivacySettingsChanged event, @SequenceNumber long sequence, @SourceId String settingsId) {
        if (event.readReceipts()) {
            hiddenReadReceipts().remove(event.userId());
        } else {
            hiddenReadReceipts().add(event.userId());
        }
        writer.appendOwn(event.userId(), settingsId, sequence, "privacy.changed", write(Map.of(
                "readReceipts", event.readReceipts(), "lastSeen", event.lastSeen().name().toLowerCase(Locale.ROOT),
                "presence", event.presence().name().toLowerCase(Locale.ROOT),
                "groupAdds", event.groupAddsOrDefault().name().toLowerCase(Locale.ROOT), "changedAt", event.changedAt())));
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("feed:*");
        redis.getKeys().deleteByPattern("feed-body:*");
        writer.deleteMembers();
        writer.forgetScript();
        epoch.advance(); // clients' positions from before this rebuild now read as from an earlier feed: a reset
    }

    /** Delivery receipts go to the other participants. */
    private void receipt(String type, String conversationId, String userId, long upToSeq, Instant at, long sequence) {
        writer.append(others(conversationId, userId), conversationId, sequence, type, receiptJson(conversationId, userId, upToSeq, at));
    }

    private Set<String> others(String conversationId, String userId) {
        Set<String> others = new HashSet<>(writer.members(conversationId));
        others.remove(userId);
        return others;
    }

    private String receiptJson(String conversationId, String userId, long upToSeq, Instant at) {
        return write(Map.of("conversationId", conversationId, "userId", userId, "upToSeq", upToSeq, "at", at));
    }

    private void reaction(String type, String conversationId, String messageId, long seq, String userId, String emoji,
                          Instant at, long sequence) {
        writer.append(writer.members(conversationId), conversationId, sequence, type, write(Map.of(
                "conversationId", conversationId, "messageId", messageId, "seq", seq, "userId", userId,
                "emoji", emoji, "at", at)));
    }

    private static Map<String, Object> messageRef(String conversationId, String messageId, long seq, String senderId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", conversationId);
        data.put("messageId", messageId);
        data.put("seq", seq);
        data.put("senderId", senderId);
        return data;
    }

    private org.redisson.api.RSet<String> hiddenReadReceipts() {
        return redis.getSet(HIDDEN_READ_RECEIPTS, StringCodec.INSTANCE);
    }


    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("feed entry not serializable", e);
        }
    }
}
