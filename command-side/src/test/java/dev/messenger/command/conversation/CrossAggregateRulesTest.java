package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules that ask outside the conversation (accounts, blocks, the message directory), through its ports. */
class CrossAggregateRulesTest {

    private static final String NOBODY = "u-nobody";

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        ports.unregistered.add(NOBODY);
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void aConversationStartsOnlyWithRegisteredUsers() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(BOB, NOBODY), T0))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("unknown user: " + NOBODY)
                .expectNoEvents();
    }

    @Test
    void aGroupNeverBringsTogetherItsCreatorAndSomeoneEitherBlocks() {
        ports.block(CAROL, ALICE);
        fixture.givenNoPriorActivity()
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(BOB, CAROL), T0))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("you and a participant block one another")
                .expectNoEvents();
    }

    @Test
    void onlyRegisteredUsersAreAdded() {
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, NOBODY, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("unknown user: " + NOBODY)
                .expectNoEvents();
    }

    @Test
    void nobodyIsAddedWhoBlocksOrIsBlockedByAMember() {
        ports.block(BOB, CAROL);
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the new participant and a member block one another")
                .expectNoEvents();
    }

    @Test
    void anOutsiderLearnsNothingAboutBlocksWhenAdding() {
        ports.block(BOB, CAROL);
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, "u-outsider", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation");
    }

    @Test
    void aMemberAddsSomeoneWithNoBlockBetweenThem() {
        ports.block(CAROL, "u-dave"); // a block with someone outside the group does not matter
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, ALICE, T1))
                .expectEvents(new ParticipantAdded(GROUP, CAROL, ALICE, T1, 0L));
    }

    @Test
    void aMessageTheDirectoryDoesNotKnowIsNotFound() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new EditMessage(GROUP, "m-unknown", ALICE, "fixed", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such message in this conversation");
    }

    @Test
    void anEditKeepsToTheBodyLimit() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new EditMessage(GROUP, ports.message(1, ALICE), ALICE, "x".repeat(ConversationLimits.MAX_BODY_LENGTH + 1), T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aSentBodyKeepsToTheLimit() {
        fixture.given(groupStarted())
                .when(new SendMessage(GROUP, "m-1", ALICE, "x".repeat(ConversationLimits.MAX_BODY_LENGTH + 1), null, null, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aDirectRequestIsAddressedToThePairsConversation() {
        StartConversation command = StartConversation.requested(ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), "key-1", T0, false);
        assertThat(command.conversationId()).isEqualTo(ConversationIds.direct(BOB, ALICE));
        assertThat(command.participants()).containsExactly(BOB);
    }

    @Test
    void aDirectRequestNamesExactlyOneOtherUser() {
        assertThatThrownBy(() -> StartConversation.requested(ConversationType.DIRECT, null, ALICE, List.of(BOB, CAROL), null, T0, false))
                .isInstanceOf(RuleViolation.class).hasMessage(StartConversation.DIRECT_PAIR);
    }

    @Test
    void aRetriedGroupRequestIsAddressedToTheGroupItCreated() {
        StartConversation first = StartConversation.requested(ConversationType.GROUP, "Team", ALICE, List.of(BOB), "key-1", T0, false);
        StartConversation retry = StartConversation.requested(ConversationType.GROUP, "Team", ALICE, List.of(BOB), "key-1", T1, false);
        StartConversation otherCreator = StartConversation.requested(ConversationType.GROUP, "Team", BOB, List.of(ALICE), "key-1", T0, false);
        assertThat(retry.conversationId()).isEqualTo(first.conversationId()).isNotEqualTo(otherCreator.conversationId());
        assertThat(StartConversation.requested(ConversationType.GROUP, "Team", ALICE, List.of(BOB), null, T0, false).conversationId())
                .isNotEqualTo(first.conversationId());
    }
}
