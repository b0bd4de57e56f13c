package dev.messenger.gateway.export;

import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.conversation.InvitationAccepted;
import dev.messenger.events.conversation.InvitationDeclined;
import dev.messenger.events.conversation.InviteLinkCreated;
import dev.messenger.events.conversation.InviteLinkRevoked;
import dev.messenger.events.conversation.JoinRequestDeclined;
import dev.messenger.events.conversation.JoinRequested;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.MessageRequestDeclined;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantInvited;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.events.keys.PreKeyBundleClaimed;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.events.report.ConversationReported;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events of the log belong in one user's personal export: what they were allowed to see and what they did, no
 * more. Fed the log in order, it follows the user's memberships, so a conversation's events are theirs from the
 * moment they joined it to the moment they left it (the join and the leave included), as the client showed them.
 *
 * <p>Two kinds of events. <em>Shared</em> ones every member saw (messages, edits, deletes, reactions, pins, members
 * coming and going, names and pictures): the user's while a member. <em>Personal</em> ones only their actor sees
 * (receipts, mutes, archiving, blocks, reports, invitations answered, privacy settings, device keys): the user's when
 * they are the actor, never someone else's (a block or a report must not reach the one it is about). An event type
 * that is neither is left out: {@code VisibleEventsTest} fails when a new event type is not placed in one of the two.
 */
final class VisibleEvents {

    /** Events every member of the conversation saw. */
    static final Set<Class<?>> SHARED = Set.of(ConversationStarted.class, ParticipantAdded.class, ParticipantRemoved.class,
            ParticipantRoleChanged.class, ConversationRenamed.class, ConversationDescriptionChanged.class,
            ConversationPictureChanged.class, MessageSent.class, EncryptedMessageSent.class, MessageEdited.class, MessageDeleted.class,
            ReactionAdded.class, ReactionRemoved.class, MessagePinned.class, MessageUnpinned.class);

    /** Events only their actors saw (the one who did it, and for an invitation or a declined request, whom it was for). */
    static final Map<Class<?>, Function<Object, List<String>>> PERSONAL = Map.ofEntries(
            Map.entry(ConversationMuted.class, e -> java.util.Arrays.asList(((ConversationMuted) e).userId())),
            Map.entry(ConversationStateChanged.class, e -> java.util.Arrays.asList(((ConversationStateChanged) e).userId())),
            Map.entry(UserBlocked.class, e -> java.util.Arrays.asList(((UserBlocked) e).blockerId())),
            Map.entry(UserUnblocked.class, e -> java.util.Arrays.asList(((UserUnblocked) e).blockerId())),
            Map.entry(MessagesDelivered.class, e -> java.util.Arrays.asList(((MessagesDelivered) e).userId())),
            Map.entry(MessagesRead.class, e -> java.util.Arrays.asList(((MessagesRead) e).userId())),
            Map.entry(MessageRequestAccepted.class, e -> java.util.Arrays.asList(((MessageRequestAccepted) e).userId())),
            Map.entry(MessageRequestDeclined.class, e -> java.util.Arrays.asList(((MessageRequestDeclined) e).userId())),
            Map.entry(ParticipantInvited.class, e -> java.util.Arrays.asList(((ParticipantInvited) e).userId(), ((ParticipantInvited) e).invitedBy())),
            Map.entry(InvitationAccepted.class, e -> java.util.Arrays.asList(((InvitationAccepted) e).userId(), ((InvitationAccepted) e).invitedBy())),
            Map.entry(InvitationDeclined.class, e -> java.util.Arrays.asList(((InvitationDeclined) e).userId(), ((InvitationDeclined) e).invitedBy())),
            // the one asking, and the admins who may let them in
            Map.entry(JoinRequested.class, e -> {
                JoinRequested requested = (JoinRequested) e;
                List<String> actors = new java.util.ArrayList<>(requested.approvers() == null ? List.of() : requested.approvers());
                actors.add(requested.userId());
                return actors;
            }),
            Map.entry(JoinRequestDeclined.class, e -> java.util.Arrays.asList(((JoinRequestDeclined) e).userId(), ((JoinRequestDeclined) e).declinedBy())),
            Map.entry(InviteLinkCreated.class, e -> java.util.Arrays.asList(((InviteLinkCreated) e).createdBy())),
            Map.entry(InviteLinkRevoked.class, e -> java.util.Arrays.asList(((InviteLinkRevoked) e).revokedBy())),
            Map.entry(ConversationReported.class, e -> java.util.Arrays.asList(((ConversationReported) e).reporterId())),
            Map.entry(PrivacySettingsChanged.class, e -> java.util.Arrays.asList(((PrivacySettingsChanged) e).userId())),
            Map.entry(DeviceKeysRegistered.class, e -> java.util.Arrays.asList(((DeviceKeysRegistered) e).userId())),
            Map.entry(DeviceKeysRemoved.class, e -> java.util.Arrays.asList(((DeviceKeysRemoved) e).userId())),
            // the directory's owner: whose one-time keys were handed out (to whom, they learn from the session that follows)
            Map.entry(PreKeyBundleClaimed.class, e -> java.util.Arrays.asList(((PreKeyBundleClaimed) e).userId())));

    private final String userId;
    private final Set<String> memberOf = new HashSet<>();

    VisibleEvents(String userId) {
        this.userId = userId;
    }

    /**
     * The event as the user may have it, or null when it is not theirs; call in log order. An end-to-end encrypted
     * message comes without its envelopes (only devices could open them, and those have moved on since).
     */
    Object visible(String conversationId, Object event) {
        if (event instanceof ConversationStarted started) {
            if (started.participants().contains(userId)) {
                memberOf.add(started.conversationId());
                return event;
            }
            return started.invited() != null && started.invited().contains(userId) ? event : null;
        }
        if (event instanceof ParticipantAdded added && added.userId().equals(userId)) {
            memberOf.add(added.conversationId());
            return event;
        }
        if (event instanceof ParticipantRemoved removed && removed.userId().equals(userId)) {
            return memberOf.remove(removed.conversationId()) ? event : null;
        }
        Function<Object, List<String>> actors = PERSONAL.get(event.getClass());
        if (actors != null) {
            return actors.apply(event).contains(userId) ? event : null;
        }
        if (SHARED.contains(event.getClass()) && memberOf.contains(conversationId)) {
            return event instanceof EncryptedMessageSent encrypted ? withoutEnvelopes(encrypted) : event;
        }
        return null;
    }

    private static EncryptedMessageSent withoutEnvelopes(EncryptedMessageSent e) {
        return new EncryptedMessageSent(e.conversationId(), e.messageId(), e.seq(), e.senderId(), Map.of(), e.clientMessageId(),
                e.replyTo(), e.sentAt(), e.quoted(), e.mentions());
    }
}
