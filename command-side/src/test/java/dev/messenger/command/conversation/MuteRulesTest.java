package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.conversation.ConversationMuted;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Muting notifications, one rule a test. */
class MuteRulesTest {

    private static final Instant TOMORROW = T0.plusSeconds(86_400);

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void aParticipantMutesUntilATime() {
        fixture.given(groupStarted())
                .when(new MuteConversation(GROUP, BOB, TOMORROW, T1))
                .expectEvents(new ConversationMuted(GROUP, BOB, TOMORROW, T1));
    }

    @Test
    void someoneOutsideTheConversationCannotMuteIt() {
        fixture.given(groupStarted())
                .when(new MuteConversation(GROUP, CAROL, TOMORROW, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void unmutingIsRecorded() {
        fixture.given(groupStarted(), new ConversationMuted(GROUP, BOB, TOMORROW, T0))
                .when(new MuteConversation(GROUP, BOB, null, T1))
                .expectEvents(new ConversationMuted(GROUP, BOB, null, T1));
    }

    @Test
    void unmutingWhatIsNotMutedChangesNothing() {
        fixture.given(groupStarted(), new ConversationMuted(GROUP, ALICE, T0.plusSeconds(1), T0))
                .when(new MuteConversation(GROUP, ALICE, null, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void mutingAgainUntilTheSameTimeChangesNothing() {
        fixture.given(groupStarted(), new ConversationMuted(GROUP, BOB, TOMORROW, T0))
                .when(new MuteConversation(GROUP, BOB, TOMORROW, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
