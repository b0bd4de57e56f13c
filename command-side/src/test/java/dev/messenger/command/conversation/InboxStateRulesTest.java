package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.conversation.ParticipantRemoved;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Archiving and pinning a conversation in one's own inbox, one rule a test. */
class InboxStateRulesTest {

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void aParticipantArchivesTheConversation() {
        fixture.given(groupStarted())
                .when(new ChangeConversationState(GROUP, BOB, true, null, T1))
                .expectEvents(new ConversationStateChanged(GROUP, BOB, true, false, T1));
    }

    @Test
    void aFlagLeftOutStaysAsItIs() {
        fixture.given(groupStarted(), new ConversationStateChanged(GROUP, BOB, true, false, T0))
                .when(new ChangeConversationState(GROUP, BOB, null, true, T1))
                .expectEvents(new ConversationStateChanged(GROUP, BOB, true, true, T1));
    }

    @Test
    void theSameFlagsAgainChangeNothing() {
        fixture.given(groupStarted(), new ConversationStateChanged(GROUP, BOB, false, true, T0))
                .when(new ChangeConversationState(GROUP, BOB, false, true, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void someoneOutsideTheConversationCannotArchiveIt() {
        fixture.given(groupStarted())
                .when(new ChangeConversationState(GROUP, CAROL, true, null, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void leavingForgetsTheFlags() {
        fixture.given(groupStarted(), new ConversationStateChanged(GROUP, BOB, true, true, T0),
                        new ParticipantRemoved(GROUP, BOB, BOB, T0),
                        new dev.messenger.events.conversation.ParticipantAdded(GROUP, BOB, Fixtures.ALICE, T0))
                .when(new ChangeConversationState(GROUP, BOB, true, true, T1))
                .expectEvents(new ConversationStateChanged(GROUP, BOB, true, true, T1));
    }
}
