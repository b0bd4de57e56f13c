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
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.report.ConversationReported;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports, one rule a test. In the group fixture ALICE and BOB are members; CAROL is not. */
class ReportRulesTest {

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void aMemberReportsAnotherMembersMessageAndItsSenderIsReported() {
        String message = ports.message(1, BOB);
        fixture.given(groupWithMessages(1, BOB))
                .when(new ReportConversation(GROUP, "r-1", ALICE, message, " spam ", "buy now", T1))
                .expectEvents(new ConversationReported(GROUP, "r-1", ALICE, message, BOB, "spam", "buy now", T1));
    }

    @Test
    void reportingADirectConversationReportsTheOtherSide() {
        String pair = ConversationIds.direct(ALICE, BOB);
        fixture.given(new ConversationStarted(pair, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0))
                .when(new ReportConversation(pair, "r-1", BOB, null, "harassment", null, T1))
                .expectEvents(new ConversationReported(pair, "r-1", BOB, null, ALICE, "harassment", null, T1));
    }

    @Test
    void reportingAGroupReportsNobodyInParticular() {
        fixture.given(groupStarted())
                .when(new ReportConversation(GROUP, "r-1", BOB, null, "scam group", null, T1))
                .expectEvents(new ConversationReported(GROUP, "r-1", BOB, null, null, "scam group", null, T1));
    }

    @Test
    void someoneOutsideReportsNothing() {
        fixture.given(groupStarted())
                .when(new ReportConversation(GROUP, "r-1", CAROL, null, "spam", null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation")
                .expectNoEvents();
    }

    @Test
    void nobodyReportsTheirOwnMessage() {
        String message = ports.message(1, BOB);
        fixture.given(groupWithMessages(1, BOB))
                .when(new ReportConversation(GROUP, "r-1", BOB, message, "spam", null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("nobody reports their own message")
                .expectNoEvents();
    }

    @Test
    void aMessageNotInTheConversationIsNotFound() {
        fixture.given(groupWithMessages(1, BOB))
                .when(new ReportConversation(GROUP, "r-1", ALICE, "m-elsewhere", "spam", null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such message in this conversation")
                .expectNoEvents();
    }

    @Test
    void aReportNeedsAReason() {
        fixture.given(groupStarted())
                .when(new ReportConversation(GROUP, "r-1", ALICE, null, "  ", null, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a reason has 1 to 500 characters")
                .expectNoEvents();
    }

    @Test
    void aRetriedReportIsRecordedOnce() {
        fixture.given(groupStarted(), new ConversationReported(GROUP, "r-1", ALICE, null, null, "spam", null, T0))
                .when(new ReportConversation(GROUP, "r-1", ALICE, null, "spam", null, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
