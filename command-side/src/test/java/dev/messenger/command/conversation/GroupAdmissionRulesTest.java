package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invitations (an add that the person's privacy setting turns into one), invite links and requests to join, one rule a
 * test. ALICE owns the group, BOB is a member; CAROL lets nobody add her; DAVE is an outsider with a link.
 */
class GroupAdmissionRulesTest {

    private static final String GROUP = "g-5f0c1a5e-8d1b-4a6e-9c3f-2b7d4e6a8c10";
    private static final String OTHER_GROUP = "g-0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
    private static final String DAVE = "u-dave";
    private static final String INVITATION = ConversationIds.groupCode(GROUP, new byte[9]);
    private static final String CODE = ConversationIds.groupCode(GROUP, new byte[16]);
    private static final String APPROVAL_CODE = ConversationIds.groupCode(GROUP, "approval-needed!".getBytes());

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        ports.askFirst.add(CAROL);
        fixture = Fixtures.fixture(ports);
    }

    private static ConversationStarted started() {
        return new ConversationStarted(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(ALICE, BOB), T0);
    }

    private static ParticipantInvited carolInvited() {
        return new ParticipantInvited(GROUP, INVITATION, CAROL, ALICE, "Team", T0);
    }

    private static InviteLinkCreated link(String code, boolean approval) {
        return new InviteLinkCreated(GROUP, code, approval, ALICE, null, T0);
    }

    @Test
    void addingSomeoneWhoLetsNobodyAddThemInvitesThem() {
        fixture.given(started())
                .when(new AddParticipant(GROUP, CAROL, ALICE, T1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(event -> event instanceof ParticipantInvited invited
                        && invited.userId().equals(CAROL) && invited.invitedBy().equals(ALICE) && invited.title().equals("Team")
                        && ConversationIds.groupOfCode(invited.invitationId()).orElseThrow().equals(GROUP)), andNoMore())))
                .expectResultMessagePayloadMatching(predicate(result -> ((AddedParticipant) result).invited()));
    }

    @Test
    void addingSomeoneAlreadyInvitedGivesTheSameInvitation() {
        fixture.given(started(), carolInvited())
                .when(new AddParticipant(GROUP, CAROL, ALICE, T1))
                .expectNoEvents()
                .expectResultMessagePayload(new AddedParticipant(INVITATION));
    }

    @Test
    void startingAGroupInvitesThoseWhoLetNobodyAddThem() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(BOB, CAROL), T0))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(event -> event.equals(new ConversationStarted(GROUP, ConversationType.GROUP, "Team", ALICE,
                                List.of(ALICE, BOB), T0, false, null, List.of(CAROL)))),
                        predicate(event -> event instanceof ParticipantInvited invited && invited.userId().equals(CAROL)),
                        andNoMore())))
                .expectResultMessagePayloadMatching(predicate(result -> ((StartedConversation) result).invitations().containsKey(CAROL)));
    }

    @Test
    void aRetriedStartWithInvitationsIsTheSameRequest() {
        fixture.given(new ConversationStarted(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(ALICE, BOB), T0, false, null,
                        List.of(CAROL)), carolInvited())
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(BOB, CAROL), T1))
                .expectNoEvents()
                .expectResultMessagePayload(new StartedConversation(GROUP, ConversationType.GROUP, "Team", List.of(ALICE, BOB), T0, true,
                        false, null, Map.of(CAROL, INVITATION)));
    }

    @Test
    void theInvitedUserAcceptsAndIsAddedByWhoeverInvitedThem() {
        fixture.given(started(), carolInvited())
                .when(new AcceptInvitation(GROUP, INVITATION, CAROL, T1))
                .expectEvents(new InvitationAccepted(GROUP, INVITATION, CAROL, ALICE, T1), new ParticipantAdded(GROUP, CAROL, ALICE, T1, 0L));
    }

    @Test
    void nobodyElseAnswersAnInvitation() {
        fixture.given(started(), carolInvited())
                .when(new AcceptInvitation(GROUP, INVITATION, DAVE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such invitation");
    }

    @Test
    void acceptingAgainOnceInChangesNothing() {
        fixture.given(started(), carolInvited(), new InvitationAccepted(GROUP, INVITATION, CAROL, ALICE, T1),
                        new ParticipantAdded(GROUP, CAROL, ALICE, T1, 0L))
                .when(new AcceptInvitation(GROUP, INVITATION, CAROL, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anInvitationIsNotAcceptedAcrossABlock() {
        ports.block(CAROL, BOB);
        fixture.given(started(), carolInvited())
                .when(new AcceptInvitation(GROUP, INVITATION, CAROL, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the new participant and a member block one another");
    }

    @Test
    void theInvitedUserDeclinesAndWhoeverInvitedThemIsNamed() {
        fixture.given(started(), carolInvited())
                .when(new DeclineInvitation(GROUP, INVITATION, CAROL, T1))
                .expectEvents(new InvitationDeclined(GROUP, INVITATION, CAROL, ALICE, T1));
    }

    @Test
    void aDeclinedInvitationCannotBeAcceptedAfterwards() {
        fixture.given(started(), carolInvited(), new InvitationDeclined(GROUP, INVITATION, CAROL, ALICE, T1))
                .when(new AcceptInvitation(GROUP, INVITATION, CAROL, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such invitation");
    }

    @Test
    void onlyAdminsMakeInviteLinks() {
        fixture.given(started())
                .when(new CreateInviteLink(GROUP, CODE, false, BOB, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins make invite links");
    }

    @Test
    void anAdminMakesAnInviteLink() {
        fixture.given(started())
                .when(new CreateInviteLink(GROUP, CODE, true, ALICE, "key-1", T1))
                .expectEvents(new InviteLinkCreated(GROUP, CODE, true, ALICE, "key-1", T1))
                .expectResultMessagePayload(CODE);
    }

    @Test
    void aRetriedLinkRequestGetsTheLinkMadeTheFirstTime() {
        fixture.given(started(), new InviteLinkCreated(GROUP, CODE, true, ALICE, "key-1", T0))
                .when(new CreateInviteLink(GROUP, APPROVAL_CODE, true, ALICE, "key-1", T1))
                .expectNoEvents()
                .expectResultMessagePayload(CODE);
    }

    @Test
    void aLinksCodeNamesItsOwnGroup() {
        fixture.given(started())
                .when(new CreateInviteLink(GROUP, ConversationIds.groupCode(OTHER_GROUP, new byte[16]), false, ALICE, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("an invite link's code names its group");
    }

    @Test
    void aGroupHasABoundedNumberOfLinks() {
        List<Object> given = new ArrayList<>(List.of(started()));
        for (int i = 0; i < ConversationLimits.MAX_INVITE_LINKS; i++) {
            given.add(link(ConversationIds.groupCode(GROUP, ("link-" + i).getBytes()), false));
        }
        fixture.given(given)
                .when(new CreateInviteLink(GROUP, CODE, false, ALICE, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a group has at most 100 invite links: revoke one");
    }

    @Test
    void anyoneWithALinkJoinsByIt() {
        fixture.given(started(), link(CODE, false))
                .when(new JoinByInviteLink(GROUP, CODE, DAVE, T1))
                .expectEvents(new ParticipantAdded(GROUP, DAVE, DAVE, T1, 0L))
                .expectResultMessagePayload(JoinOutcome.JOINED);
    }

    @Test
    void aRevokedLinkLetsNobodyIn() {
        fixture.given(started(), link(CODE, false), new InviteLinkRevoked(GROUP, CODE, ALICE, T0))
                .when(new JoinByInviteLink(GROUP, CODE, DAVE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such invite link");
    }

    @Test
    void onlyAdminsRevokeLinks() {
        fixture.given(started(), link(CODE, false))
                .when(new RevokeInviteLink(GROUP, CODE, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins revoke invite links");
    }

    @Test
    void aCodeTheGroupNeverMadeLetsNobodyIn() {
        fixture.given(started(), link(CODE, false))
                .when(new JoinByInviteLink(GROUP, APPROVAL_CODE, DAVE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such invite link");
    }

    @Test
    void someoneWhoBlocksAMemberDoesNotJoinByLink() {
        ports.block(DAVE, BOB);
        fixture.given(started(), link(CODE, false))
                .when(new JoinByInviteLink(GROUP, CODE, DAVE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the new participant and a member block one another");
    }

    @Test
    void aFullGroupTakesNobodyByLink() {
        List<String> members = new ArrayList<>(List.of(ALICE));
        for (int i = 1; i < ConversationLimits.MAX_PARTICIPANTS; i++) {
            members.add("u-" + i);
        }
        fixture.given(new ConversationStarted(GROUP, ConversationType.GROUP, "Big", ALICE, members, T0), link(CODE, false))
                .when(new JoinByInviteLink(GROUP, CODE, DAVE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the group is full (1024 participants)");
    }

    @Test
    void aLinkWithApprovalPutsARequestToTheAdmins() {
        fixture.given(started(), link(APPROVAL_CODE, true))
                .when(new JoinByInviteLink(GROUP, APPROVAL_CODE, DAVE, T1))
                .expectEvents(new JoinRequested(GROUP, DAVE, APPROVAL_CODE, List.of(ALICE), T1))
                .expectResultMessagePayload(JoinOutcome.AWAITING_APPROVAL);
    }

    @Test
    void askingAgainWhileWaitingChangesNothing() {
        fixture.given(started(), link(APPROVAL_CODE, true), new JoinRequested(GROUP, DAVE, APPROVAL_CODE, List.of(ALICE), T0))
                .when(new JoinByInviteLink(GROUP, APPROVAL_CODE, DAVE, T1))
                .expectNoEvents()
                .expectResultMessagePayload(JoinOutcome.AWAITING_APPROVAL);
    }

    @Test
    void anAdminApprovesARequestToJoin() {
        fixture.given(started(), link(APPROVAL_CODE, true), new JoinRequested(GROUP, DAVE, APPROVAL_CODE, List.of(ALICE), T0))
                .when(new ApproveJoinRequest(GROUP, DAVE, ALICE, T1))
                .expectEvents(new ParticipantAdded(GROUP, DAVE, ALICE, T1, 0L));
    }

    @Test
    void onlyAdminsApproveRequestsToJoin() {
        fixture.given(started(), link(APPROVAL_CODE, true), new JoinRequested(GROUP, DAVE, APPROVAL_CODE, List.of(ALICE), T0))
                .when(new ApproveJoinRequest(GROUP, DAVE, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins approve requests to join");
    }

    @Test
    void approvingWhatNobodyAskedIsNotFound() {
        fixture.given(started())
                .when(new ApproveJoinRequest(GROUP, DAVE, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such request to join");
    }

    @Test
    void anAdminDeclinesARequestToJoin() {
        fixture.given(started(), link(APPROVAL_CODE, true), new JoinRequested(GROUP, DAVE, APPROVAL_CODE, List.of(ALICE), T0))
                .when(new DeclineJoinRequest(GROUP, DAVE, ALICE, T1))
                .expectEvents(new JoinRequestDeclined(GROUP, DAVE, ALICE, T1));
    }

    @Test
    void anInvitationIdNamesItsGroup() {
        assertThat(ConversationIds.groupOfCode(INVITATION)).contains(GROUP);
        assertThat(ConversationIds.groupOfCode("not a code")).isEmpty();
        assertThat(ConversationIds.groupOfCode("x".repeat(65))).isEmpty();
    }
}
