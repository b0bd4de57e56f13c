package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;
import static dev.messenger.command.conversation.Fixtures.groupWithMessages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.QuotedMessage;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies, one rule a test: a reply quotes a message of its own conversation, and records that message's facts. */
class ReplyRulesTest {

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void aReplyRecordsTheIdPositionAndSenderOfTheMessageItQuotes() {
        String quoted = ports.message(2, BOB);
        fixture.given(groupWithMessages(3, BOB))
                .when(new SendMessage(GROUP, "m-4", ALICE, "agreed", null, quoted, T1))
                .expectEvents(new MessageSent(GROUP, "m-4", 4, ALICE, "agreed", null, quoted, T1, MessageKind.TEXT, null,
                        new QuotedMessage(quoted, 2, BOB)));
    }

    @Test
    void aReplyToAMessageTheDirectoryDoesNotKnowIsRefused() {
        fixture.given(groupWithMessages(3, BOB))
                .when(new SendMessage(GROUP, "m-4", ALICE, "agreed", null, "m-elsewhere", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("replyTo names no message of this conversation")
                .expectNoEvents();
    }

    @Test
    void aReplyToAMessageBeyondThisConversationsLastIsRefused() {
        // the directory knows a message at seq 9, but this conversation has 3: it is some other conversation's
        String elsewhere = ports.message(9, BOB);
        fixture.given(groupWithMessages(3, BOB))
                .when(new SendMessage(GROUP, "m-4", ALICE, "agreed", null, elsewhere, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aStrangerLearnsNothingOfTheQuotedMessage() {
        String quoted = ports.message(1, BOB);
        fixture.given(groupWithMessages(1, BOB))
                .when(new SendMessage(GROUP, "m-2", CAROL, "hi", null, quoted, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation")
                .expectNoEvents();
    }

    @Test
    void aMessageThatRepliesToNothingQuotesNothing() {
        fixture.given(groupStarted())
                .when(new SendMessage(GROUP, "m-1", ALICE, "hi", null, null, T1))
                .expectEvents(new MessageSent(GROUP, "m-1", 1, ALICE, "hi", null, null, T1));
    }

    @Test
    void anEncryptedReplyRecordsTheQuotedFactsToo() {
        String pair = ConversationIds.direct(ALICE, BOB);
        Map<String, String> envelopes = Map.of("u-alice:phone", "c2VhbGVk", "u-bob:phone", "c2VhbGVk");
        String quoted = ports.message(1, BOB);
        fixture.given(new ConversationStarted(pair, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0, true),
                        new EncryptedMessageSent(pair, quoted, 1, BOB, envelopes, null, null, T0))
                .when(new SendMessage(pair, "m-2", ALICE, null, null, quoted, T1, null, envelopes))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(event -> event instanceof EncryptedMessageSent sent
                                        && new QuotedMessage(quoted, 1, BOB).equals(sent.quoted())),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
        assertThat(quoted).isEqualTo("m-1");
    }
}
