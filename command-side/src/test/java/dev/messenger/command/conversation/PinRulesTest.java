package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupWithMessages;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pinned messages, one rule a test. In the group fixture ALICE started the group: she is its owner and so an admin. */
class PinRulesTest {

    private static final String PAIR = ConversationIds.direct(ALICE, BOB);

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    private static List<Object> pairWithMessages(int count) {
        List<Object> events = new ArrayList<>();
        events.add(new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0));
        for (int seq = 1; seq <= count; seq++) {
            events.add(new MessageSent(PAIR, "m-" + seq, seq, ALICE, "body " + seq, null, null, T0));
        }
        return events;
    }

    @Test
    void eitherSideOfADirectChatPinsAMessage() {
        String message = ports.message(1, ALICE);
        fixture.given(pairWithMessages(1))
                .when(new PinMessage(PAIR, message, BOB, T1))
                .expectEvents(new MessagePinned(PAIR, message, 1, BOB, T1));
    }

    @Test
    void theGroupsAdminPinsAMessage() {
        String message = ports.message(2, BOB);
        fixture.given(groupWithMessages(2, BOB))
                .when(new PinMessage(GROUP, message, ALICE, T1))
                .expectEvents(new MessagePinned(GROUP, message, 2, ALICE, T1));
    }

    @Test
    void aGroupMemberWhoIsNotItsAdminMayNotPin() {
        String message = ports.message(1, BOB);
        fixture.given(groupWithMessages(1, BOB))
                .when(new PinMessage(GROUP, message, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins pin and unpin messages")
                .expectNoEvents();
    }

    @Test
    void someoneOutsideTheConversationLearnsNothing() {
        String message = ports.message(1, BOB);
        fixture.given(groupWithMessages(1, BOB))
                .when(new PinMessage(GROUP, message, CAROL, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation")
                .expectNoEvents();
    }

    @Test
    void anUnknownMessageCannotBePinned() {
        fixture.given(pairWithMessages(1))
                .when(new PinMessage(PAIR, "m-nowhere", ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such message in this conversation")
                .expectNoEvents();
    }

    @Test
    void aDeletedMessageCannotBePinned() {
        String message = ports.message(1, ALICE);
        List<Object> given = pairWithMessages(1);
        given.add(new MessageDeleted(PAIR, message, 1, ALICE, T0));
        fixture.given(given)
                .when(new PinMessage(PAIR, message, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the message was deleted")
                .expectNoEvents();
    }

    @Test
    void pinningAgainChangesNothing() {
        String message = ports.message(1, ALICE);
        List<Object> given = pairWithMessages(1);
        given.add(new MessagePinned(PAIR, message, 1, ALICE, T0));
        fixture.given(given)
                .when(new PinMessage(PAIR, message, BOB, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aConversationHoldsAtMostFiftyPins() {
        List<Object> given = pairWithMessages(51);
        for (int seq = 1; seq <= ConversationLimits.MAX_PINS; seq++) {
            given.add(new MessagePinned(PAIR, ports.message(seq, ALICE), seq, ALICE, T0));
        }
        String last = ports.message(51, ALICE);
        fixture.given(given)
                .when(new PinMessage(PAIR, last, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void unpinningIsRecorded() {
        String message = ports.message(1, ALICE);
        List<Object> given = pairWithMessages(1);
        given.add(new MessagePinned(PAIR, message, 1, ALICE, T0));
        fixture.given(given)
                .when(new UnpinMessage(PAIR, message, BOB, T1))
                .expectEvents(new MessageUnpinned(PAIR, message, 1, BOB, T1));
    }

    @Test
    void unpinningWhatIsNotPinnedChangesNothing() {
        fixture.given(pairWithMessages(1))
                .when(new UnpinMessage(PAIR, "m-1", BOB, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aGroupMemberWhoIsNotItsAdminMayNotUnpin() {
        List<Object> given = groupWithMessages(1, BOB);
        given.add(new MessagePinned(GROUP, "m-1", 1, ALICE, T0));
        fixture.given(given)
                .when(new UnpinMessage(GROUP, "m-1", BOB, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void deletingAPinnedMessageUnpinsIt() {
        String message = ports.message(1, ALICE);
        List<Object> given = pairWithMessages(1);
        given.add(new MessagePinned(PAIR, message, 1, BOB, T0));
        fixture.given(given)
                .when(new DeleteMessage(PAIR, message, ALICE, T1))
                .expectEvents(new MessageDeleted(PAIR, message, 1, ALICE, T1), new MessageUnpinned(PAIR, message, 1, ALICE, T1));
    }
}
