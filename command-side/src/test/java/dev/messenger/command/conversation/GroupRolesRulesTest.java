package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.groupWithMessages;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group roles and details, one rule a test. In the group fixture ALICE started the group with BOB: she is its owner,
 * he a member.
 */
class GroupRolesRulesTest {

    private static final String DAVE = "u-dave";

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(new Fixtures.Ports());
    }

    private static ParticipantRoleChanged role(String userId, ParticipantRole role, String by) {
        return new ParticipantRoleChanged(GROUP, userId, role, by, 0, T0);
    }

    /** ALICE's group with BOB, then CAROL added. */
    private static List<Object> groupOfThree() {
        return new ArrayList<>(List.of(groupStarted(), new ParticipantAdded(GROUP, CAROL, ALICE, T0, 0L)));
    }

    @Test
    void theCreatorIsTheOwnerAndPromotesAMember() {
        fixture.given(groupStarted())
                .when(new PromoteToAdmin(GROUP, BOB, ALICE, T1))
                .expectEvents(new ParticipantRoleChanged(GROUP, BOB, ParticipantRole.ADMIN, ALICE, 0, T1));
    }

    @Test
    void aMemberWhoIsNotAnAdminAddsNobody() {
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins add members")
                .expectNoEvents();
    }

    @Test
    void aPromotedAdminAddsMembers() {
        fixture.given(groupStarted(), role(BOB, ParticipantRole.ADMIN, ALICE))
                .when(new AddParticipant(GROUP, CAROL, BOB, T1))
                .expectEvents(new ParticipantAdded(GROUP, CAROL, BOB, T1, 0L));
    }

    @Test
    void aMemberWhoIsNotAnAdminPromotesNobody() {
        fixture.given(groupOfThree())
                .when(new PromoteToAdmin(GROUP, CAROL, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins promote members")
                .expectNoEvents();
    }

    @Test
    void promotingAnAdminAgainChangesNothing() {
        fixture.given(groupStarted(), role(BOB, ParticipantRole.ADMIN, ALICE))
                .when(new PromoteToAdmin(GROUP, BOB, ALICE, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onlyAMemberIsPromoted() {
        fixture.given(groupStarted())
                .when(new PromoteToAdmin(GROUP, CAROL, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("userId is not a member of this group")
                .expectNoEvents();
    }

    @Test
    void anAdminDemotesAnotherAdmin() {
        List<Object> given = groupOfThree();
        given.add(role(BOB, ParticipantRole.ADMIN, ALICE));
        given.add(role(CAROL, ParticipantRole.ADMIN, ALICE));
        fixture.given(given)
                .when(new DemoteAdmin(GROUP, CAROL, BOB, T1))
                .expectEvents(new ParticipantRoleChanged(GROUP, CAROL, ParticipantRole.MEMBER, BOB, 0, T1));
    }

    @Test
    void theOwnerStaysAnAdmin() {
        fixture.given(groupStarted(), role(BOB, ParticipantRole.ADMIN, ALICE))
                .when(new DemoteAdmin(GROUP, ALICE, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the group's owner stays an admin")
                .expectNoEvents();
    }

    @Test
    void nobodyRemovesTheOwner() {
        fixture.given(groupStarted(), role(BOB, ParticipantRole.ADMIN, ALICE))
                .when(new RemoveParticipant(GROUP, ALICE, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("nobody removes the group's owner")
                .expectNoEvents();
    }

    @Test
    void whenTheOwnerLeavesTheLongestStandingAdminTakesOver() {
        List<Object> given = groupOfThree();
        given.add(role(CAROL, ParticipantRole.ADMIN, ALICE)); // BOB stands longer, but CAROL is an admin
        fixture.given(given)
                .when(new RemoveParticipant(GROUP, ALICE, ALICE, T1))
                .expectEvents(new ParticipantRemoved(GROUP, ALICE, ALICE, T1, 0L),
                        new ParticipantRoleChanged(GROUP, CAROL, ParticipantRole.OWNER, null, 0, T1));
    }

    @Test
    void whenTheLastAdminLeavesTheLongestStandingMemberBecomesOwner() {
        fixture.given(groupOfThree())
                .when(new RemoveParticipant(GROUP, ALICE, ALICE, T1))
                .expectEvents(new ParticipantRemoved(GROUP, ALICE, ALICE, T1, 0L),
                        new ParticipantRoleChanged(GROUP, BOB, ParticipantRole.OWNER, null, 0, T1));
    }

    @Test
    void aGroupWhoseOwnerLeftBeforeRolesExistedHasItsLongestStandingMemberAsAdmin() {
        // recorded before groups had roles: the creator left and no event named a successor
        List<Object> given = groupOfThree();
        given.add(new ParticipantRemoved(GROUP, ALICE, ALICE, T0));
        fixture.given(given)
                .when(new AddParticipant(GROUP, DAVE, BOB, T1))
                .expectEvents(new ParticipantAdded(GROUP, DAVE, BOB, T1, 0L));
    }

    @Test
    void aRemovedAdminIsAMemberWhenAddedAgain() {
        fixture.given(groupStarted(), role(BOB, ParticipantRole.ADMIN, ALICE), new ParticipantRemoved(GROUP, BOB, ALICE, T0, 0L),
                        new ParticipantAdded(GROUP, BOB, ALICE, T0, 0L))
                .when(new AddParticipant(GROUP, CAROL, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins add members");
    }

    @Test
    void aDirectConversationHasNoAdmins() {
        String pair = ConversationIds.direct(ALICE, BOB);
        fixture.given(new ConversationStarted(pair, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0))
                .when(new PromoteToAdmin(pair, BOB, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a direct conversation has no admins, name, description or picture")
                .expectNoEvents();
    }

    @Test
    void anAdminRenamesTheGroupAfterItsLastMessage() {
        fixture.given(groupWithMessages(3, BOB))
                .when(new ChangeGroupDetails(GROUP, ALICE, "  Team Berlin ", null, null, T1))
                .expectEvents(new ConversationRenamed(GROUP, "Team Berlin", ALICE, 3, T1));
    }

    @Test
    void aMemberWhoIsNotAnAdminRenamesNothing() {
        fixture.given(groupStarted())
                .when(new ChangeGroupDetails(GROUP, BOB, "Ours", null, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins change its name, description and picture")
                .expectNoEvents();
    }

    @Test
    void theSameDetailsAgainChangeNothing() {
        fixture.given(groupStarted(), new ConversationDescriptionChanged(GROUP, "Plans", ALICE, 0, T0))
                .when(new ChangeGroupDetails(GROUP, ALICE, "Team", "Plans", null, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBlankTitleIsRefused() {
        fixture.given(groupStarted())
                .when(new ChangeGroupDetails(GROUP, ALICE, "   ", null, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a title has 1 to 200 characters")
                .expectNoEvents();
    }

    @Test
    void aDescriptionTooLongIsRefused() {
        fixture.given(groupStarted())
                .when(new ChangeGroupDetails(GROUP, ALICE, null, "x".repeat(1001), null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a description has at most 1000 characters")
                .expectNoEvents();
    }

    @Test
    void anEmptyDescriptionOrPictureRemovesIt() {
        fixture.given(groupStarted(), new ConversationDescriptionChanged(GROUP, "Plans", ALICE, 0, T0),
                        new ConversationPictureChanged(GROUP, "md-1", ALICE, 0, T0))
                .when(new ChangeGroupDetails(GROUP, ALICE, null, "", "", T1))
                .expectEvents(new ConversationDescriptionChanged(GROUP, null, ALICE, 0, T1),
                        new ConversationPictureChanged(GROUP, null, ALICE, 0, T1));
    }

    @Test
    void aPromotedAdminPinsMessages() {
        Fixtures.Ports ports = new Fixtures.Ports();
        fixture = Fixtures.fixture(ports);
        String message = ports.message(1, ALICE);
        List<Object> given = groupWithMessages(1, ALICE);
        given.add(role(BOB, ParticipantRole.ADMIN, ALICE));
        fixture.given(given)
                .when(new PinMessage(GROUP, message, BOB, T1))
                .expectEvents(new dev.messenger.events.pin.MessagePinned(GROUP, message, 1, BOB, T1));
    }
}
