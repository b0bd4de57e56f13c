package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;

import dev.messenger.events.ConversationIds;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageSent;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockRulesTest {

    private static final String PAIR = ConversationIds.direct(ALICE, BOB);

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    private static ConversationStarted started() {
        return new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0);
    }

    @Test
    void blockIsRecordedEvenBeforeTheConversationExists() {
        fixture.givenNoPriorActivity()
                .when(new BlockUser(PAIR, ALICE, BOB, T1))
                .expectEvents(new UserBlocked(PAIR, ALICE, BOB, T1));
    }

    @Test
    void blockingTwiceChangesNothing() {
        fixture.given(new UserBlocked(PAIR, ALICE, BOB, T0))
                .when(new BlockUser(PAIR, ALICE, BOB, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void nobodyBlocksThemselves() {
        fixture.givenNoPriorActivity()
                .when(new BlockUser(ConversationIds.direct(ALICE, ALICE), ALICE, ALICE, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void blockedUserCannotSendInTheDirectConversation() {
        fixture.given(started(), new UserBlocked(PAIR, ALICE, BOB, T0))
                .when(new SendMessage(PAIR, "m-1", BOB, "hi", null, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("one of you blocked the other")
                .expectNoEvents();
    }

    @Test
    void blockerCannotSendEither() {
        fixture.given(started(), new UserBlocked(PAIR, ALICE, BOB, T0))
                .when(new SendMessage(PAIR, "m-1", ALICE, "hi", null, null, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void blockedPairCannotStartTheirConversation() {
        fixture.given(new UserBlocked(PAIR, BOB, ALICE, T0))
                .when(new StartConversation(PAIR, ConversationType.DIRECT, null, ALICE, List.of(BOB), T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void unblockingLetsThemWriteAgain() {
        fixture.given(started(), new UserBlocked(PAIR, ALICE, BOB, T0), new UserUnblocked(PAIR, ALICE, BOB, T0))
                .when(new SendMessage(PAIR, "m-1", BOB, "hi", null, null, T1))
                .expectEvents(new MessageSent(PAIR, "m-1", 1, BOB, "hi", null, null, T1));
    }

    @Test
    void bothBlocksMustBeLiftedBeforeTheyWriteAgain() {
        fixture.given(started(), new UserBlocked(PAIR, ALICE, BOB, T0), new UserBlocked(PAIR, BOB, ALICE, T0),
                        new UserUnblocked(PAIR, ALICE, BOB, T0))
                .when(new SendMessage(PAIR, "m-1", ALICE, "hi", null, null, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void unblockingWhoIsNotBlockedChangesNothing() {
        fixture.given(started())
                .when(new UnblockUser(PAIR, ALICE, BOB, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPairHoldingOnlyABlockHasNoConversationToSendIn() {
        fixture.given(new UserBlocked(PAIR, ALICE, BOB, T0), new UserUnblocked(PAIR, ALICE, BOB, T0))
                .when(new SendMessage(PAIR, "m-1", ALICE, "hi", null, null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation");
    }
}
