package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import static dev.messenger.command.RuleViolation.Kind.BLOCKED;
import static dev.messenger.command.RuleViolation.Kind.CONFLICT;
import static dev.messenger.command.RuleViolation.Kind.FORBIDDEN;
import static dev.messenger.command.RuleViolation.Kind.INVALID;
import static dev.messenger.command.RuleViolation.Kind.NOT_FOUND;
import static dev.messenger.command.RuleViolation.Kind.RETRY_KEY_REUSED;
import static dev.messenger.command.conversation.ConversationLimits.MAX_BODY_LENGTH;
import static dev.messenger.command.conversation.ConversationLimits.MAX_PARTICIPANTS;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.MessageRequestDeclined;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.InvitationAccepted;
import dev.messenger.events.conversation.InvitationDeclined;
import dev.messenger.events.conversation.InviteLinkCreated;
import dev.messenger.events.conversation.InviteLinkRevoked;
import dev.messenger.events.conversation.JoinRequestDeclined;
import dev.messenger.events.conversation.JoinRequested;
import dev.messenger.events.conversation.ParticipantInvited;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.Mentions;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.QuotedMessage;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.report.ConversationReported;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One conversation: the consistency boundary for its membership and its gapless message order.
 * The state holds only what the rules read (members, the next seq, recent retry keys), never the
 * messages themselves, so it stays small however long the conversation gets.
 */
// revision 4: group roles, description and picture, members in the order they joined; older snapshots are skipped and
// the state is replayed from events
@Revision("4")
@Aggregate(snapshotTriggerDefinition = "conversationSnapshotTrigger", cache = "conversationCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Conversation {


    @AggregateIdentifier
    private String conversationId;
    /** False while a direct pair's aggregate holds only a block: nobody has opened the conversation. */
    private boolean started;
    /** Who, of a direct pair, currently blocks the other. */
    private Set<String> blockers = new HashSet<>();
    private ConversationType type;
    private String startedBy;
    private String title;
    private java.time.Instant startedAt;
    /** What the start asked for (type, title, members, e2ee), to tell a retry from a different request. */
    private String startRequest;
    /** In the order they joined: the first is the longest-standing (a LinkedHashSet, so a snapshot keeps the order). */
    private LinkedHashSet<String> participants = new LinkedHashSet<>();
    /** A group's owner: an admin nobody demotes or removes; null in a group whose owner left before roles existed. */
    private String owner;
    /** A group's admins, the owner among them. */
    private Set<String> admins = new HashSet<>();
    private String description;
    private String pictureMediaId;
    /** End-to-end encrypted: messages are envelopes per device that the server cannot read. */
    private boolean e2ee;
    private long lastSeq;
    private RecentSends recentSends = new RecentSends();
    /** Per participant: how far their messages were delivered and read. */
    private Map<String, Watermarks> watermarks = new HashMap<>();
    /** Deletes and reactions: exact for recent messages, bounded for the rest. */
    private MessageChanges messageChanges = new MessageChanges();
    /** Per participant who muted: until when. */
    private Map<String, java.time.Instant> mutedUntil = new HashMap<>();
    /** Pinned messages (id → seq), in the order they were pinned. */
    private Map<String, Long> pins = new java.util.LinkedHashMap<>();
    /** A direct chat's participant for whom it is a message request still (null: none, or accepted). */
    private String requestFor;
    /** Whether {@link #requestFor} declined it. */
    private boolean requestDeclined;
    /** The ids of the reports made here lately, so that a retried report is recorded once. */
    private LinkedHashSet<String> recentReports = new LinkedHashSet<>();
    /** Per participant who archived or pinned it in their inbox. */
    private Map<String, InboxState> inboxStates = new HashMap<>();
    /** Invitations, invite links and requests to join. */
    private GroupAdmissions admissions = new GroupAdmissions();

    record InboxState(boolean archived, boolean pinned) {
    }

    record Watermarks(long deliveredUpTo, long readUpTo) {
    }

    protected Conversation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public StartedConversation handle(StartConversation command, RegisteredUsers users, BlockRelations blocks,
                                      Acquaintances acquaintances, GroupAddConsent consent) {
        if (command.type() == ConversationType.DIRECT && !blockers.isEmpty()) {
            throw new RuleViolation(BLOCKED, "one of you blocked the other");
        }
        if (started) {
            // a direct pair has one conversation; a group id repeats only when its creator retries
            if (type == ConversationType.DIRECT) {
                if (command.startedBy().equals(requestFor)) {
                    // opening the chat oneself is accepting it
                    apply(new MessageRequestAccepted(conversationId, command.startedBy(), command.requestedAt()));
                }
                return started(true);
            }
            if (command.startedBy().equals(startedBy)) {
                if (!command.fingerprint().equals(startRequest)) {
                    throw new RuleViolation(RETRY_KEY_REUSED, "this Idempotency-Key was already used for a different conversation");
                }
                return started(true);
            }
            throw new RuleViolation(CONFLICT, "conversation " + command.conversationId() + " already exists");
        }
        Set<String> members = command.requireValidShape();
        requireRegistered(users, command.participants());
        // a group may not bring together its creator and someone of whom one blocks the other (a direct pair's own
        // block is this aggregate's, checked above)
        if (command.type() == ConversationType.GROUP && blocks.anyBlockBetween(command.startedBy(),
                members.stream().filter(member -> !member.equals(command.startedBy())).toList())) {
            throw new RuleViolation(BLOCKED, "you and a participant block one another");
        }
        String requestOf = null;
        if (command.type() == ConversationType.DIRECT) {
            String other = members.stream().filter(member -> !member.equals(command.startedBy())).findFirst().orElseThrow();
            requestOf = acquaintances.shareAConversation(command.startedBy(), other) ? null : other;
        }
        // a group's creator adds people as an admin does: those whose setting does not let them be added are invited
        Set<String> invited = command.type() == ConversationType.GROUP
                ? consent.requiringInvitation(command.startedBy(), command.participants()) : Set.of();
        List<String> joining = members.stream().filter(member -> !invited.contains(member)).toList();
        List<String> asked = members.stream().filter(invited::contains).toList();
        String groupTitle = command.type() == ConversationType.GROUP ? command.title().strip() : null;
        apply(new ConversationStarted(command.conversationId(), command.type(), groupTitle, command.startedBy(), joining,
                command.requestedAt(), command.e2ee(), requestOf, asked));
        for (String user : asked) {
            apply(new ParticipantInvited(conversationId, newInvitationId(), user, command.startedBy(), groupTitle, command.requestedAt()));
        }
        return started(false);
    }

    private StartedConversation started(boolean existing) {
        return new StartedConversation(conversationId, type, title, List.copyOf(participants), startedAt, existing, e2ee, requestFor,
                admissions.invitationIds());
    }

    /** An invitation's id names its group ({@link ConversationIds#groupCode}), so accepting it goes straight here. */
    private String newInvitationId() {
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        return ConversationIds.groupCode(conversationId, random);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Added, or invited when the person's privacy setting does not let this admin add them (asking again: the same invitation). */
    @CommandHandler
    public AddedParticipant handle(AddParticipant command, RegisteredUsers users, BlockRelations blocks, GroupAddConsent consent) {
        requireMember(command.addedBy());
        if (type != ConversationType.GROUP) {
            throw new RuleViolation(INVALID, "participants can only be added to a group");
        }
        requireAdmin(command.addedBy(), "only the group's admins add members");
        if (participants.contains(command.userId())) {
            return new AddedParticipant(null);
        }
        java.util.Optional<GroupAdmissions.Invitation> pending = admissions.invitationOf(command.userId());
        if (pending.isPresent()) {
            return new AddedParticipant(pending.get().invitationId());
        }
        requireRoomFor(command.userId(), blocks);
        requireRegistered(users, List.of(command.userId()));
        if (consent.requiringInvitation(command.addedBy(), List.of(command.userId())).contains(command.userId())) {
            if (admissions.pendingInvitations() >= ConversationLimits.MAX_PENDING_INVITATIONS) {
                throw new RuleViolation(CONFLICT, "the group has " + ConversationLimits.MAX_PENDING_INVITATIONS + " invitations waiting");
            }
            String invitationId = newInvitationId();
            apply(new ParticipantInvited(conversationId, invitationId, command.userId(), command.addedBy(), title, command.requestedAt()));
            return new AddedParticipant(invitationId);
        }
        apply(new ParticipantAdded(conversationId, command.userId(), command.addedBy(), command.requestedAt(), lastSeq));
        return new AddedParticipant(null);
    }

    /** There is room for one more, and neither they nor a member block the other. */
    private void requireRoomFor(String userId, BlockRelations blocks) {
        if (participants.size() >= MAX_PARTICIPANTS) {
            throw new RuleViolation(CONFLICT, "the group is full (" + MAX_PARTICIPANTS + " participants)");
        }
        if (blocks.anyBlockBetween(userId, participants)) {
            throw new RuleViolation(BLOCKED, "the new participant and a member block one another");
        }
    }

    /** Only the invited user answers, and only their invitation (404 for anyone and anything else). */
    @CommandHandler
    public void handle(AcceptInvitation command, BlockRelations blocks) {
        java.util.Optional<GroupAdmissions.Invitation> invitation = admissions.invitationOf(command.userId())
                .filter(found -> found.invitationId().equals(command.invitationId()));
        if (invitation.isEmpty()) {
            if (participants.contains(command.userId())) {
                return; // accepted before (a retry), or added meanwhile
            }
            throw new RuleViolation(NOT_FOUND, "no such invitation");
        }
        requireRoomFor(command.userId(), blocks);
        apply(new InvitationAccepted(conversationId, command.invitationId(), command.userId(), invitation.get().invitedBy(),
                command.requestedAt()));
        apply(new ParticipantAdded(conversationId, command.userId(), invitation.get().invitedBy(), command.requestedAt(), lastSeq));
    }

    @CommandHandler
    public void handle(DeclineInvitation command) {
        java.util.Optional<GroupAdmissions.Invitation> invitation = admissions.invitationOf(command.userId())
                .filter(found -> found.invitationId().equals(command.invitationId()));
        if (invitation.isEmpty()) {
            throw new RuleViolation(NOT_FOUND, "no such invitation");
        }
        apply(new InvitationDeclined(conversationId, command.invitationId(), command.userId(), invitation.get().invitedBy(),
                command.requestedAt()));
    }

    /** Admins make links; the same request again (its key) gets the same link. */
    @CommandHandler
    public String handle(CreateInviteLink command) {
        requireGroupAdmin(command.createdBy(), "only the group's admins make invite links");
        if (command.requestKey() != null) {
            java.util.Optional<String> earlier = admissions.linkMadeBy(command.requestKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        if (!ConversationIds.groupOfCode(command.code()).map(conversationId::equals).orElse(false)) {
            throw new RuleViolation(INVALID, "an invite link's code names its group");
        }
        if (admissions.links() >= ConversationLimits.MAX_INVITE_LINKS) {
            throw new RuleViolation(CONFLICT, "a group has at most " + ConversationLimits.MAX_INVITE_LINKS + " invite links: revoke one");
        }
        apply(new InviteLinkCreated(conversationId, command.code(), command.approval(), command.createdBy(), command.requestKey(),
                command.requestedAt()));
        return command.code();
    }

    @CommandHandler
    public void handle(RevokeInviteLink command) {
        requireGroupAdmin(command.revokedBy(), "only the group's admins revoke invite links");
        if (admissions.link(command.code()).isEmpty()) {
            throw new RuleViolation(NOT_FOUND, "no such invite link");
        }
        apply(new InviteLinkRevoked(conversationId, command.code(), command.revokedBy(), command.requestedAt()));
    }

    /** Anyone with a live link's code joins, or asks to; a revoked or unknown code is 404, as for a group one may not see. */
    @CommandHandler
    public JoinOutcome handle(JoinByInviteLink command, BlockRelations blocks) {
        java.util.Optional<GroupAdmissions.InviteLink> link = started && type == ConversationType.GROUP
                ? admissions.link(command.code()) : java.util.Optional.empty();
        if (link.isEmpty()) {
            throw new RuleViolation(NOT_FOUND, "no such invite link");
        }
        if (participants.contains(command.userId())) {
            return JoinOutcome.JOINED;
        }
        if (link.get().approval() && admissions.hasJoinRequest(command.userId())) {
            return JoinOutcome.AWAITING_APPROVAL;
        }
        requireRoomFor(command.userId(), blocks);
        if (link.get().approval()) {
            if (admissions.joinRequests() >= ConversationLimits.MAX_JOIN_REQUESTS) {
                throw new RuleViolation(CONFLICT, "the group has " + ConversationLimits.MAX_JOIN_REQUESTS + " requests to join waiting");
            }
            List<String> approvers = participants.stream().filter(this::isAdmin).toList();
            apply(new JoinRequested(conversationId, command.userId(), command.code(), approvers, command.requestedAt()));
            return JoinOutcome.AWAITING_APPROVAL;
        }
        apply(new ParticipantAdded(conversationId, command.userId(), command.userId(), command.requestedAt(), lastSeq));
        return JoinOutcome.JOINED;
    }

    @CommandHandler
    public void handle(ApproveJoinRequest command, BlockRelations blocks) {
        requireGroupAdmin(command.approvedBy(), "only the group's admins approve requests to join");
        if (participants.contains(command.userId())) {
            return;
        }
        if (!admissions.hasJoinRequest(command.userId())) {
            throw new RuleViolation(NOT_FOUND, "no such request to join");
        }
        requireRoomFor(command.userId(), blocks);
        apply(new ParticipantAdded(conversationId, command.userId(), command.approvedBy(), command.requestedAt(), lastSeq));
    }

    @CommandHandler
    public void handle(DeclineJoinRequest command) {
        requireGroupAdmin(command.declinedBy(), "only the group's admins decline requests to join");
        if (!admissions.hasJoinRequest(command.userId())) {
            if (participants.contains(command.userId())) {
                throw new RuleViolation(CONFLICT, "already a member: remove them instead");
            }
            throw new RuleViolation(NOT_FOUND, "no such request to join");
        }
        apply(new JoinRequestDeclined(conversationId, command.userId(), command.declinedBy(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(RemoveParticipant command) {
        requireMember(command.removedBy());
        if (type != ConversationType.GROUP) {
            throw new RuleViolation(INVALID, "nobody can leave or be removed from a direct conversation");
        }
        boolean leaving = command.userId().equals(command.removedBy());
        if (!leaving) {
            requireAdmin(command.removedBy(), "only the group's admins remove members");
            if (command.userId().equals(ownerOrSuccessor())) {
                throw new RuleViolation(FORBIDDEN, "nobody removes the group's owner");
            }
        }
        if (!participants.contains(command.userId())) {
            return;
        }
        boolean ownerLeaves = command.userId().equals(ownerOrSuccessor());
        apply(new ParticipantRemoved(conversationId, command.userId(), command.removedBy(), command.requestedAt(), lastSeq));
        if (ownerLeaves && !participants.isEmpty()) {
            // no group is left without an owner: the longest-standing admin takes over, else the longest-standing member
            apply(new ParticipantRoleChanged(conversationId, ownerOrSuccessor(), ParticipantRole.OWNER, null, lastSeq, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(PromoteToAdmin command) {
        requireGroupAdmin(command.promotedBy(), "only the group's admins promote members");
        requireParticipant(command.userId());
        if (!isAdmin(command.userId())) {
            apply(new ParticipantRoleChanged(conversationId, command.userId(), ParticipantRole.ADMIN, command.promotedBy(), lastSeq,
                    command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(DemoteAdmin command) {
        requireGroupAdmin(command.demotedBy(), "only the group's admins demote admins");
        requireParticipant(command.userId());
        if (command.userId().equals(ownerOrSuccessor())) {
            throw new RuleViolation(FORBIDDEN, "the group's owner stays an admin");
        }
        if (isAdmin(command.userId())) {
            apply(new ParticipantRoleChanged(conversationId, command.userId(), ParticipantRole.MEMBER, command.demotedBy(), lastSeq,
                    command.requestedAt()));
        }
    }

    /** Each detail given and different from what it is becomes its own event; the same details again change nothing. */
    @CommandHandler
    public void handle(ChangeGroupDetails command) {
        requireGroupAdmin(command.changedBy(), "only the group's admins change its name, description and picture");
        if (command.title() != null) {
            String newTitle = command.title().strip();
            if (newTitle.isEmpty() || newTitle.length() > ConversationLimits.MAX_TITLE_LENGTH) {
                throw new RuleViolation(INVALID, "a title has 1 to " + ConversationLimits.MAX_TITLE_LENGTH + " characters");
            }
            if (!newTitle.equals(title)) {
                apply(new ConversationRenamed(conversationId, newTitle, command.changedBy(), lastSeq, command.requestedAt()));
            }
        }
        if (command.description() != null) {
            String newDescription = command.description().isBlank() ? null : command.description().strip();
            if (newDescription != null && newDescription.length() > ConversationLimits.MAX_DESCRIPTION_LENGTH) {
                throw new RuleViolation(INVALID, "a description has at most " + ConversationLimits.MAX_DESCRIPTION_LENGTH + " characters");
            }
            if (!java.util.Objects.equals(newDescription, description)) {
                apply(new ConversationDescriptionChanged(conversationId, newDescription, command.changedBy(), lastSeq, command.requestedAt()));
            }
        }
        if (command.pictureMediaId() != null) {
            String newPicture = command.pictureMediaId().isEmpty() ? null : command.pictureMediaId();
            if (!java.util.Objects.equals(newPicture, pictureMediaId)) {
                apply(new ConversationPictureChanged(conversationId, newPicture, command.changedBy(), lastSeq, command.requestedAt()));
            }
        }
    }

    /**
     * The group's owner; in a group whose owner left before groups had roles (no event named a successor), the
     * successor the rule names now, so that such a group has an admin too.
     */
    private String ownerOrSuccessor() {
        if (owner != null || type != ConversationType.GROUP) {
            return owner;
        }
        return admins.isEmpty() ? participants.stream().findFirst().orElse(null)
                : participants.stream().filter(admins::contains).findFirst().orElse(null);
    }

    private boolean isAdmin(String userId) {
        return admins.contains(userId) || userId.equals(ownerOrSuccessor());
    }

    private void requireAdmin(String userId, String refusal) {
        if (!isAdmin(userId)) {
            throw new RuleViolation(FORBIDDEN, refusal);
        }
    }

    /** A member asks (else 404), of a group (else 400), and is one of its admins (else 403). */
    private void requireGroupAdmin(String userId, String refusal) {
        requireMember(userId);
        if (type != ConversationType.GROUP) {
            throw new RuleViolation(INVALID, "a direct conversation has no admins, name, description or picture");
        }
        requireAdmin(userId, refusal);
    }

    private void requireParticipant(String userId) {
        if (!participants.contains(userId)) {
            throw new RuleViolation(INVALID, "userId is not a member of this group");
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(BlockUser command) {
        if (command.blockerId().equals(command.blockedId())) {
            throw new RuleViolation(INVALID, "nobody blocks themselves");
        }
        if (!command.conversationId().equals(ConversationIds.direct(command.blockerId(), command.blockedId()))) {
            throw new RuleViolation(INVALID, "a block is recorded in the pair's direct conversation");
        }
        if (blockers.contains(command.blockerId())) {
            return;
        }
        apply(new UserBlocked(command.conversationId(), command.blockerId(), command.blockedId(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(UnblockUser command) {
        if (!blockers.contains(command.blockerId())) {
            return;
        }
        apply(new UserUnblocked(conversationId, command.blockerId(), command.blockedId(), command.requestedAt()));
    }

    @CommandHandler
    public SentMessage handle(SendMessage command, MessageDirectory messages) {
        requireMember(command.senderId());
        if (!blockers.isEmpty()) {
            throw new RuleViolation(BLOCKED, "one of you blocked the other");
        }
        SentMessage retried = recentSends.answerRetry(conversationId, command, fingerprint(command));
        if (retried != null) {
            return retried;
        }
        long seq = lastSeq + 1;
        QuotedMessage quoted = quoted(messages, command.replyTo());
        if (command.senderId().equals(requestFor)) {
            // replying is accepting
            apply(new MessageRequestAccepted(conversationId, command.senderId(), command.requestedAt()));
        }
        Mentions mentions = mentions(command.senderId(), command.mentions());
        if (e2ee) {
            if (command.forwarded()) {
                throw new RuleViolation(INVALID, "an end-to-end encrypted conversation takes only envelopes its sender's device made: nothing can be forwarded into it");
            }
            Envelopes.require(command, participants);
            apply(new EncryptedMessageSent(conversationId, command.messageId(), seq, command.senderId(), command.ciphertexts(),
                    command.clientMessageId(), command.replyTo(), command.requestedAt(), quoted, mentions));
            return new SentMessage(conversationId, command.messageId(), seq, command.requestedAt(), false);
        }
        if (command.ciphertexts() != null) {
            throw new RuleViolation(INVALID, "ciphertexts are for end-to-end encrypted conversations; this one takes a body");
        }
        requireBodyWithinLimit(command.body());
        apply(new MessageSent(conversationId, command.messageId(), seq, command.senderId(), command.body(),
                command.clientMessageId(), command.replyTo(), command.requestedAt(),
                command.media() == null ? MessageKind.TEXT : MessageKind.MEDIA, command.media(), quoted, command.forwarded(), mentions));
        return new SentMessage(conversationId, command.messageId(), seq, command.requestedAt(), false);
    }

    /**
     * What a reply quotes: a message of this conversation (a deleted one too: the reply then shows it as deleted), else
     * 400. Asked of the directory only for members, like every message lookup. A message sent a moment ago may not be
     * in the directory yet: that reply is refused and can be sent again.
     */
    private QuotedMessage quoted(MessageDirectory messages, String replyTo) {
        if (replyTo == null) {
            return null;
        }
        MessageFacts message = messages.findMessage(conversationId, replyTo)
                .filter(found -> found.seq() >= 1 && found.seq() <= lastSeq)
                .orElseThrow(() -> new RuleViolation(INVALID, "replyTo names no message of this conversation"));
        return new QuotedMessage(message.messageId(), message.seq(), message.senderId());
    }

    /**
     * Whom a message mentions: members only (400 otherwise), each once; everyone only in a group and by its admins (403).
     * None at all is null, so that a message without mentions records nothing about them.
     */
    private Mentions mentions(String senderId, Mentions asked) {
        if (isNone(asked)) {
            return null;
        }
        if (!participants.containsAll(asked.userIds())) {
            throw new RuleViolation(INVALID, "mentions name members of this conversation only");
        }
        if (asked.all()) {
            if (type != ConversationType.GROUP) {
                throw new RuleViolation(INVALID, "mentionAll is for groups");
            }
            requireAdmin(senderId, "only the group's admins mention everyone");
        }
        return asked;
    }

    private static boolean isNone(Mentions mentions) {
        return mentions == null || (mentions.userIds().isEmpty() && !mentions.all());
    }

    /** Muting again with the same end, or unmuting what is not muted, changes nothing. */
    @CommandHandler
    public void handle(MuteConversation command) {
        requireMember(command.userId());
        java.time.Instant current = mutedUntil.get(command.userId());
        boolean unmuted = current == null || !current.isAfter(command.requestedAt());
        if (command.until() == null ? unmuted : command.until().equals(current)) {
            return;
        }
        apply(new ConversationMuted(conversationId, command.userId(), command.until(), command.requestedAt()));
    }

    /** Archiving or pinning it in one's own inbox; the same flags again change nothing. */
    @CommandHandler
    public void handle(ChangeConversationState command) {
        requireMember(command.userId());
        InboxState current = inboxStates.getOrDefault(command.userId(), new InboxState(false, false));
        InboxState wanted = new InboxState(command.archived() == null ? current.archived() : command.archived(),
                command.pinned() == null ? current.pinned() : command.pinned());
        if (!wanted.equals(current)) {
            apply(new ConversationStateChanged(conversationId, command.userId(), wanted.archived(), wanted.pinned(), command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(PinMessage command, MessageDirectory messages) {
        requireMayPin(command.userId());
        MessageFacts message = requireMessage(messages, command.messageId());
        if (pins.containsKey(message.messageId())) {
            return;
        }
        if (messageChanges.isDeleted(message)) {
            throw new RuleViolation(CONFLICT, "the message was deleted");
        }
        if (pins.size() >= ConversationLimits.MAX_PINS) {
            throw new RuleViolation(CONFLICT, "a conversation has at most " + ConversationLimits.MAX_PINS + " pinned messages: unpin one first");
        }
        apply(new MessagePinned(conversationId, message.messageId(), message.seq(), command.userId(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(UnpinMessage command) {
        requireMayPin(command.userId());
        Long seq = pins.get(command.messageId());
        if (seq != null) {
            apply(new MessageUnpinned(conversationId, command.messageId(), seq, command.userId(), command.requestedAt()));
        }
    }

    /** Either side of a direct chat pins; in a group, its admins. Someone outside learns nothing (404). */
    private void requireMayPin(String userId) {
        requireMember(userId);
        if (type == ConversationType.GROUP) {
            requireAdmin(userId, "only the group's admins pin and unpin messages");
        }
    }

    /**
     * A member reports a message of this conversation (another member's) or the conversation itself. Who is reported is
     * worked out here: the message's sender, else the other side of a direct chat, else nobody in particular (a group).
     */
    @CommandHandler
    public void handle(ReportConversation command, MessageDirectory messages) {
        requireMember(command.reporterId());
        if (command.reason() == null || command.reason().isBlank() || command.reason().length() > ConversationLimits.MAX_REPORT_REASON_LENGTH) {
            throw new RuleViolation(INVALID, "a reason has 1 to " + ConversationLimits.MAX_REPORT_REASON_LENGTH + " characters");
        }
        if (recentReports.contains(command.reportId())) {
            return;
        }
        String reported;
        if (command.messageId() != null) {
            MessageFacts message = requireMessage(messages, command.messageId());
            if (message.senderId().equals(command.reporterId())) {
                throw new RuleViolation(INVALID, "nobody reports their own message");
            }
            reported = message.senderId();
        } else {
            reported = type == ConversationType.DIRECT
                    ? participants.stream().filter(member -> !member.equals(command.reporterId())).findFirst().orElse(null) : null;
        }
        apply(new ConversationReported(conversationId, command.reportId(), command.reporterId(), command.messageId(), reported,
                command.reason().strip(), command.evidence(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(AcceptMessageRequest command) {
        requireMember(command.userId());
        if (command.userId().equals(requestFor)) {
            apply(new MessageRequestAccepted(conversationId, command.userId(), command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(DeclineMessageRequest command) {
        requireMember(command.userId());
        if (!command.userId().equals(requestFor)) {
            throw new RuleViolation(CONFLICT, "this conversation is no message request of yours");
        }
        if (!requestDeclined) {
            apply(new MessageRequestDeclined(conversationId, command.userId(), command.requestedAt()));
        }
    }

    /** Reading a message request tells its sender nothing: no receipts before it is accepted. */
    private boolean isPendingRequestFor(String userId) {
        return userId.equals(requestFor);
    }

    @CommandHandler
    public void handle(MarkDelivered command) {
        requireMember(command.userId());
        if (isPendingRequestFor(command.userId())) {
            return;
        }
        long upTo = watermark(command.upToSeq());
        if (upTo > watermarksOf(command.userId()).deliveredUpTo()) {
            apply(new MessagesDelivered(conversationId, command.userId(), upTo, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(MarkRead command) {
        requireMember(command.userId());
        if (isPendingRequestFor(command.userId())) {
            return;
        }
        long upTo = watermark(command.upToSeq());
        if (upTo > watermarksOf(command.userId()).readUpTo()) {
            apply(new MessagesRead(conversationId, command.userId(), upTo, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(EditMessage command, MessageDirectory messages) {
        requireMember(command.editorId());
        MessageFacts message = requireMessage(messages, command.messageId());
        if (!message.senderId().equals(command.editorId())) {
            throw new RuleViolation(FORBIDDEN, "only the sender edits a message");
        }
        if (e2ee) {
            throw new RuleViolation(CONFLICT, "messages of an end-to-end encrypted conversation cannot be edited: delete and send again");
        }
        if (messageChanges.isDeleted(message)) {
            throw new RuleViolation(CONFLICT, "the message was deleted");
        }
        if (command.body() == null || command.body().isBlank()) {
            throw new RuleViolation(INVALID, "an edit needs a body");
        }
        requireBodyWithinLimit(command.body());
        apply(new MessageEdited(conversationId, message.messageId(), message.seq(), message.senderId(), command.body(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(DeleteMessage command, MessageDirectory messages) {
        requireMember(command.requesterId());
        MessageFacts message = requireMessage(messages, command.messageId());
        if (!message.senderId().equals(command.requesterId())) {
            throw new RuleViolation(FORBIDDEN, "only the sender deletes a message");
        }
        if (messageChanges.isDeleted(message)) {
            return;
        }
        apply(new MessageDeleted(conversationId, message.messageId(), message.seq(), message.senderId(), command.requestedAt()));
        if (pins.containsKey(message.messageId())) {
            // a deleted message is pinned no more: its pin would show nothing, and it would hold a place of the limit
            apply(new MessageUnpinned(conversationId, message.messageId(), message.seq(), command.requesterId(), command.requestedAt()));
        }
    }

    /**
     * A deleted account's messages are deleted as its sender would delete them (every read model, index, feed and topic
     * drops their bodies on {@link MessageDeleted}), whether or not it is still a member. A message already deleted, or
     * not the account's, is left as it is: the erasure may run again after a failure.
     */
    @CommandHandler
    public void handle(EraseMessagesOfDeletedAccount command) {
        for (MessageFacts message : command.messages()) {
            if (!message.senderId().equals(command.userId()) || message.seq() < 1 || message.seq() > lastSeq
                    || messageChanges.isDeleted(message)) {
                continue;
            }
            apply(new MessageDeleted(conversationId, message.messageId(), message.seq(), message.senderId(), command.requestedAt()));
            if (pins.containsKey(message.messageId())) {
                apply(new MessageUnpinned(conversationId, message.messageId(), message.seq(), command.userId(), command.requestedAt()));
            }
        }
    }

    @CommandHandler
    public void handle(AddReaction command, MessageDirectory messages) {
        requireMember(command.userId());
        MessageFacts message = requireMessage(messages, command.messageId());
        if (!messageChanges.recordsReaction(message, command.userId(), command.emoji())) {
            return;
        }
        apply(new ReactionAdded(conversationId, message.messageId(), message.seq(), command.userId(), command.emoji(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(RemoveReaction command, MessageDirectory messages) {
        requireMember(command.userId());
        MessageFacts message = requireMessage(messages, command.messageId());
        if (!messageChanges.recordsReactionRemoval(message, command.userId(), command.emoji())) {
            return;
        }
        apply(new ReactionRemoved(conversationId, message.messageId(), message.seq(), command.userId(), command.emoji(),
                command.requestedAt()));
    }

    private long watermark(long requested) {
        if (requested < 0) {
            throw new RuleViolation(INVALID, "upToSeq is at least 0");
        }
        return Math.min(requested, lastSeq);
    }

    private Watermarks watermarksOf(String userId) {
        return watermarks.getOrDefault(userId, new Watermarks(0, 0));
    }

    /** The message's facts from the directory; asked only of members (requireMember first), so a stranger learns nothing. */
    private MessageFacts requireMessage(MessageDirectory messages, String messageId) {
        MessageFacts message = messages.findMessage(conversationId, messageId).orElse(null);
        if (message == null || message.seq() < 1 || message.seq() > lastSeq) {
            throw new RuleViolation(NOT_FOUND, "no such message in this conversation");
        }
        return message;
    }

    private static void requireBodyWithinLimit(String body) {
        if (body != null && body.length() > MAX_BODY_LENGTH) {
            throw new RuleViolation(INVALID, "a body has at most " + MAX_BODY_LENGTH + " characters");
        }
    }

    private static void requireRegistered(RegisteredUsers users, Collection<String> userIds) {
        Set<String> unknown = users.findUnregistered(userIds);
        if (!unknown.isEmpty()) {
            throw new RuleViolation(INVALID, "unknown user: " + unknown.iterator().next());
        }
    }

    /** Unknown and "not a participant" are one answer, so that a refusal never tells who talks to whom. */
    private void requireMember(String userId) {
        if (!started || !participants.contains(userId)) {
            throw new RuleViolation(NOT_FOUND, "no such conversation");
        }
    }

    @EventSourcingHandler
    void on(UserBlocked event) {
        conversationId = event.conversationId();
        blockers.add(event.blockerId());
    }

    @EventSourcingHandler
    void on(UserUnblocked event) {
        blockers.remove(event.blockerId());
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        started = true;
        conversationId = event.conversationId();
        type = event.type();
        startedBy = event.startedBy();
        title = event.title();
        startedAt = event.startedAt();
        participants.addAll(event.participants());
        e2ee = event.e2ee();
        startRequest = StartConversation.fingerprint(event.type(), event.title(), event.requestedMembers(), event.e2ee());
        requestFor = event.requestFor();
        if (type == ConversationType.GROUP) {
            owner = startedBy;
            admins.add(startedBy);
        }
    }

    @EventSourcingHandler
    void on(MessageRequestAccepted event) {
        requestFor = null;
        requestDeclined = false;
    }

    @EventSourcingHandler
    void on(MessageRequestDeclined event) {
        requestDeclined = true;
    }

    @EventSourcingHandler
    void on(ConversationReported event) {
        recentReports.add(event.reportId());
        if (recentReports.size() > ConversationLimits.RECENT_REPORTS) {
            recentReports.remove(recentReports.iterator().next());
        }
    }

    @EventSourcingHandler
    void on(ParticipantRoleChanged event) {
        if (event.role() == ParticipantRole.OWNER) {
            owner = event.userId();
        }
        if (event.role().isAdmin()) {
            admins.add(event.userId());
        } else {
            admins.remove(event.userId());
        }
    }

    @EventSourcingHandler
    void on(ConversationRenamed event) {
        title = event.title();
    }

    @EventSourcingHandler
    void on(ConversationDescriptionChanged event) {
        description = event.description();
    }

    @EventSourcingHandler
    void on(ConversationPictureChanged event) {
        pictureMediaId = event.pictureMediaId();
    }

    @EventSourcingHandler
    void on(ConversationMuted event) {
        if (event.until() == null) {
            mutedUntil.remove(event.userId());
        } else {
            mutedUntil.put(event.userId(), event.until());
        }
    }

    @EventSourcingHandler
    void on(ConversationStateChanged event) {
        if (!event.archived() && !event.pinned()) {
            inboxStates.remove(event.userId());
        } else {
            inboxStates.put(event.userId(), new InboxState(event.archived(), event.pinned()));
        }
    }

    @EventSourcingHandler
    void on(MessagePinned event) {
        pins.put(event.messageId(), event.seq());
    }

    @EventSourcingHandler
    void on(MessageUnpinned event) {
        pins.remove(event.messageId());
    }

    @EventSourcingHandler
    void on(ParticipantAdded event) {
        participants.add(event.userId());
        admissions.joined(event.userId());
    }

    @EventSourcingHandler
    void on(ParticipantInvited event) {
        admissions.invited(event.userId(), event.invitationId(), event.invitedBy());
    }

    @EventSourcingHandler
    void on(InvitationAccepted event) {
        admissions.invitationAnswered(event.userId());
    }

    @EventSourcingHandler
    void on(InvitationDeclined event) {
        admissions.invitationAnswered(event.userId());
    }

    @EventSourcingHandler
    void on(InviteLinkCreated event) {
        admissions.linkCreated(event.code(), event.approval(), event.requestKey());
    }

    @EventSourcingHandler
    void on(InviteLinkRevoked event) {
        admissions.linkRevoked(event.code());
    }

    @EventSourcingHandler
    void on(JoinRequested event) {
        admissions.joinRequested(event.userId(), event.code());
    }

    @EventSourcingHandler
    void on(JoinRequestDeclined event) {
        admissions.joinRequestAnswered(event.userId());
    }

    @EventSourcingHandler
    void on(ParticipantRemoved event) {
        participants.remove(event.userId());
        inboxStates.remove(event.userId());
        admins.remove(event.userId());
        if (event.userId().equals(owner)) {
            owner = null; // the ParticipantRoleChanged after this names the next one
        }
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        sent(event.seq(), event.senderId(), event.clientMessageId(), event.messageId(), event.sentAt(),
                fingerprint(event.body(), event.replyTo(), event.media(), event.forwarded(), event.mentions()));
    }

    @EventSourcingHandler
    void on(EncryptedMessageSent event) {
        sent(event.seq(), event.senderId(), event.clientMessageId(), event.messageId(), event.sentAt(),
                fingerprint(event.ciphertexts(), event.replyTo(), event.mentions()));
    }

    private void sent(long seq, String senderId, String clientMessageId, String messageId, java.time.Instant sentAt, String fingerprint) {
        lastSeq = seq;
        messageChanges.sent(seq);
        if (clientMessageId != null) {
            recentSends.record(senderId, clientMessageId, new RecentSends.RecentSend(messageId, seq, sentAt, fingerprint));
        }
    }

    @EventSourcingHandler
    void on(MessagesDelivered event) {
        Watermarks current = watermarksOf(event.userId());
        watermarks.put(event.userId(), new Watermarks(Math.max(current.deliveredUpTo(), event.upToSeq()), current.readUpTo()));
    }

    @EventSourcingHandler
    void on(MessagesRead event) {
        Watermarks current = watermarksOf(event.userId());
        watermarks.put(event.userId(), new Watermarks(Math.max(current.deliveredUpTo(), event.upToSeq()),
                Math.max(current.readUpTo(), event.upToSeq())));
    }

    @EventSourcingHandler
    void on(MessageDeleted event) {
        messageChanges.deleted(event.seq(), event.messageId());
    }

    @EventSourcingHandler
    void on(ReactionAdded event) {
        messageChanges.reactionAdded(event.seq(), event.emoji(), event.userId());
    }

    @EventSourcingHandler
    void on(ReactionRemoved event) {
        messageChanges.reactionRemoved(event.seq(), event.emoji(), event.userId());
    }

    private String fingerprint(SendMessage command) {
        Mentions mentions = isNone(command.mentions()) ? null : command.mentions();
        return e2ee ? fingerprint(command.ciphertexts(), command.replyTo(), mentions)
                : fingerprint(command.body(), command.replyTo(), command.media(), command.forwarded(), mentions);
    }

    /** What a retry of an encrypted message must repeat. */
    private static String fingerprint(Map<String, String> ciphertexts, String replyTo, Mentions mentions) {
        return mentions == null ? RetryFingerprint.of("encrypted", ciphertexts, replyTo)
                : RetryFingerprint.of("encrypted", ciphertexts, replyTo, mentions.userIds(), mentions.all());
    }

    /**
     * What a retry of a message must repeat; a forward's differs from the same text written here. Mentions count only
     * when there are some, so that sends from before they existed keep their fingerprints.
     */
    private static String fingerprint(String body, String replyTo, MediaRef media, boolean forwarded, Mentions mentions) {
        String kind = forwarded ? "forwarded" : "text";
        String mediaId = media == null ? null : media.mediaId();
        return mentions == null ? RetryFingerprint.of(kind, body, replyTo, mediaId)
                : RetryFingerprint.of(kind, body, replyTo, mediaId, mentions.userIds(), mentions.all());
    }
}
