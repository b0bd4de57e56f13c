package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.sent;

import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountErasureRulesTest {

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(new Fixtures.Ports());
    }

    private static MessageFacts of(long seq, String sender) {
        return new MessageFacts("m-" + seq, seq, sender);
    }

    @Test
    void aDeletedAccountsMessagesAreDeletedAsItsDeletesWouldBe() {
        fixture.given(groupStarted(), sent(1, BOB), sent(2, ALICE), sent(3, BOB))
                .when(new EraseMessagesOfDeletedAccount(GROUP, BOB, List.of(of(1, BOB), of(3, BOB)), T1))
                .expectEvents(new MessageDeleted(GROUP, "m-1", 1, BOB, T1), new MessageDeleted(GROUP, "m-3", 3, BOB, T1));
    }

    @Test
    void aFormerMembersMessagesAreErasedToo() {
        fixture.given(groupStarted(), sent(1, BOB), new ParticipantRemoved(GROUP, BOB, BOB, T1, 1L))
                .when(new EraseMessagesOfDeletedAccount(GROUP, BOB, List.of(of(1, BOB)), T1))
                .expectEvents(new MessageDeleted(GROUP, "m-1", 1, BOB, T1));
    }

    @Test
    void messagesAlreadyDeletedOrNotTheAccountsAreLeftAsTheyAre() {
        fixture.given(groupStarted(), sent(1, BOB), sent(2, ALICE), new MessageDeleted(GROUP, "m-1", 1, BOB, T1))
                .when(new EraseMessagesOfDeletedAccount(GROUP, BOB, List.of(of(1, BOB), of(2, ALICE), of(9, BOB)), T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anErasedMessageIsUnpinned() {
        fixture.given(groupStarted(), sent(1, BOB), new MessagePinned(GROUP, "m-1", 1, ALICE, T1))
                .when(new EraseMessagesOfDeletedAccount(GROUP, BOB, List.of(of(1, BOB)), T1))
                .expectEvents(new MessageDeleted(GROUP, "m-1", 1, BOB, T1), new MessageUnpinned(GROUP, "m-1", 1, BOB, T1));
    }
}
