package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.sent;

import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReceiptRulesTest {

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void deliveryWatermarkMovesForward() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE))
                .when(new MarkDelivered(GROUP, BOB, 2, T1))
                .expectEvents(new MessagesDelivered(GROUP, BOB, 2, T1));
    }

    @Test
    void lowerDeliveryWatermarkChangesNothing() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE), new MessagesDelivered(GROUP, BOB, 2, T1))
                .when(new MarkDelivered(GROUP, BOB, 1, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void readWatermarkMovesForward() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE), sent(3, ALICE))
                .when(new MarkRead(GROUP, BOB, 2, T1))
                .expectEvents(new MessagesRead(GROUP, BOB, 2, T1));
    }

    @Test
    void repeatedReadChangesNothing() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE), new MessagesRead(GROUP, BOB, 2, T1))
                .when(new MarkRead(GROUP, BOB, 2, T1))
                .expectNoEvents();
    }

    @Test
    void readingImpliesDelivery() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE), new MessagesRead(GROUP, BOB, 2, T1))
                .when(new MarkDelivered(GROUP, BOB, 2, T1))
                .expectNoEvents();
    }

    @Test
    void watermarkBeyondTheLastMessageStopsAtIt() {
        fixture.given(groupStarted(), sent(1, ALICE), sent(2, ALICE))
                .when(new MarkRead(GROUP, BOB, 99, T1))
                .expectEvents(new MessagesRead(GROUP, BOB, 2, T1));
    }

    @Test
    void negativeWatermarkIsInvalid() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new MarkRead(GROUP, BOB, -1, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void nonMemberHasNoReceipts() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new MarkRead(GROUP, CAROL, 1, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }
}
