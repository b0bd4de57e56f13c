package dev.messenger.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.InvitationAccepted;
import dev.messenger.events.conversation.InvitationDeclined;
import dev.messenger.events.conversation.InviteLinkCreated;
import dev.messenger.events.conversation.InviteLinkRevoked;
import dev.messenger.events.conversation.JoinRequestDeclined;
import dev.messenger.events.conversation.JoinRequested;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantInvited;
import dev.messenger.projections.conversation.InboxProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invitations, invite links and requests to join as the inbox projection writes them and the queries read them, on a real MongoDB-protocol server. */
class AdmissionQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    private MongoDatabase db;
    private InboxProjection projection;
    private AdmissionQueries queries;
    private ConversationQueries conversations;
    private String owner;
    private String invitee;
    private String group;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        projection = new InboxProjection(db);
        queries = new AdmissionQueries(db);
        conversations = new ConversationQueries(db);
        owner = "u-" + UUID.randomUUID();
        invitee = "u-" + UUID.randomUUID();
        group = ConversationIds.newGroup();
        Batches.handle(projection, new ConversationStarted(group, ConversationType.GROUP, "Book club", owner, List.of(owner), AT, false, null,
                List.of(invitee)));
    }

    private String code(int n) {
        return ConversationIds.groupCode(group, ("secret-number-" + n).getBytes());
    }

    @Test
    void anInvitationWaitsWithTheGroupsCurrentNameUntilAccepted() {
        String invitation = ConversationIds.groupCode(group, new byte[9]);
        Batches.handle(projection, new ParticipantInvited(group, invitation, invitee, owner, "Book club", AT));
        Batches.handle(projection, new ConversationRenamed(group, "Readers", owner, 0L, AT.plusSeconds(1)));

        assertThat(queries.findInvitations(invitee).block())
                .containsExactly(new AdmissionQueries.Invitation(invitation, group, "Readers", owner, AT));
        assertThat(conversations.findMemberships(invitee).block()).doesNotContainKey(group);

        Batches.handleInOneBatch(projection, group, new InvitationAccepted(group, invitation, invitee, owner, AT.plusSeconds(2)),
                new ParticipantAdded(group, invitee, owner, AT.plusSeconds(2), 0L));
        assertThat(queries.findInvitations(invitee).block()).isEmpty();
        assertThat(conversations.findMemberships(invitee).block()).containsKey(group);
    }

    @Test
    void aDeclinedInvitationGoesAwayAndTheNewestComeFirst() {
        String older = ConversationIds.newGroup();
        Batches.handle(projection, new ConversationStarted(older, ConversationType.GROUP, "Older", owner, List.of(owner), AT));
        String first = ConversationIds.groupCode(older, new byte[9]);
        String second = ConversationIds.groupCode(group, new byte[9]);
        Batches.handle(projection, new ParticipantInvited(older, first, invitee, owner, "Older", AT));
        Batches.handle(projection, new ParticipantInvited(group, second, invitee, owner, "Book club", AT.plusSeconds(5)));
        assertThat(queries.findInvitations(invitee).block()).extracting(AdmissionQueries.Invitation::invitationId).containsExactly(second, first);

        Batches.handle(projection, new InvitationDeclined(group, second, invitee, owner, AT.plusSeconds(6)));
        assertThat(queries.findInvitations(invitee).block()).extracting(AdmissionQueries.Invitation::invitationId).containsExactly(first);
        // applied again (a redelivery), nothing changes
        Batches.handle(projection, new InvitationDeclined(group, second, invitee, owner, AT.plusSeconds(6)));
        assertThat(queries.findInvitations(invitee).block()).hasSize(1);
    }

    @Test
    void aGroupsLinksAreListedUntilRevokedAndOnlyALiveOneShowsItsGroup() {
        Batches.handle(projection, new InviteLinkCreated(group, code(1), false, owner, null, AT));
        Batches.handle(projection, new InviteLinkCreated(group, code(2), true, owner, "key", AT.plusSeconds(1)));

        assertThat(queries.findInviteLinks(group).block()).containsExactly(new AdmissionQueries.InviteLink(code(1), false, owner, AT),
                new AdmissionQueries.InviteLink(code(2), true, owner, AT.plusSeconds(1)));
        assertThat(queries.findLinkPreview(code(2)).block()).isEqualTo(new AdmissionQueries.LinkPreview(group, "Book club", null, 1, true));

        Batches.handle(projection, new InviteLinkRevoked(group, code(2), owner, AT.plusSeconds(2)));
        assertThat(queries.findInviteLinks(group).block()).extracting(AdmissionQueries.InviteLink::code).containsExactly(code(1));
        assertThat(queries.findLinkPreview(code(2)).blockOptional()).isEmpty();
        assertThat(queries.findLinkPreview(code(3)).blockOptional()).isEmpty();
        assertThat(queries.findLinkPreview("no-code").blockOptional()).isEmpty();
    }

    @Test
    void aRequestToJoinWaitsUntilApprovedOrDeclined() {
        String asker = "u-" + UUID.randomUUID();
        String other = "u-" + UUID.randomUUID();
        Batches.handle(projection, new JoinRequested(group, asker, code(1), List.of(owner), AT));
        Batches.handle(projection, new JoinRequested(group, other, code(1), List.of(owner), AT.plusSeconds(1)));
        assertThat(queries.findJoinRequests(group).block()).containsExactly(new AdmissionQueries.JoinRequest(asker, AT),
                new AdmissionQueries.JoinRequest(other, AT.plusSeconds(1)));

        Batches.handle(projection, new ParticipantAdded(group, asker, owner, AT.plusSeconds(2), 0L));
        Batches.handle(projection, new JoinRequestDeclined(group, other, owner, AT.plusSeconds(2)));
        assertThat(queries.findJoinRequests(group).block()).isEmpty();
        assertThat(conversations.findConversation(group).block().participants()).containsExactly(owner, asker);
    }
}
