package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.sent;

import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageChangeRulesTest {

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void senderEditsTheirMessage() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new EditMessage(GROUP, ports.message(1, ALICE), ALICE, "fixed", T1))
                .expectEvents(new MessageEdited(GROUP, "m-1", 1, ALICE, "fixed", T1));
    }

    @Test
    void onlyTheSenderEdits() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new EditMessage(GROUP, ports.message(1, ALICE), BOB, "hijacked", T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void deletedMessageCannotBeEdited() {
        fixture.given(groupStarted(), sent(1, ALICE), new MessageDeleted(GROUP, "m-1", 1, ALICE, T1))
                .when(new EditMessage(GROUP, ports.message(1, ALICE), ALICE, "too late", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the message was deleted");
    }

    @Test
    void senderDeletesTheirMessage() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new DeleteMessage(GROUP, ports.message(1, ALICE), ALICE, T1))
                .expectEvents(new MessageDeleted(GROUP, "m-1", 1, ALICE, T1));
    }

    @Test
    void onlyTheSenderDeletes() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new DeleteMessage(GROUP, ports.message(1, ALICE), BOB, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void deletingTwiceChangesNothing() {
        fixture.given(groupStarted(), sent(1, ALICE), new MessageDeleted(GROUP, "m-1", 1, ALICE, T1))
                .when(new DeleteMessage(GROUP, ports.message(1, ALICE), ALICE, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void messageBeyondTheLastSeqDoesNotExist() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new DeleteMessage(GROUP, ports.message(5, ALICE), ALICE, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void formerMemberCannotEdit() {
        fixture.given(groupStarted(), sent(1, BOB), new dev.messenger.events.conversation.ParticipantRemoved(GROUP, BOB, BOB, T1))
                .when(new EditMessage(GROUP, ports.message(1, BOB), BOB, "still here?", T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void nonMemberCannotDelete() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new DeleteMessage(GROUP, ports.message(1, ALICE), CAROL, T1))
                .expectException(RuleViolation.class);
    }
}
