package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.MessageRequestDeclined;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesRead;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message requests, one rule a test. ALICE and BOB share no conversation unless a test says so. */
class MessageRequestRulesTest {

    private static final String PAIR = ConversationIds.direct(ALICE, BOB);

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        ports.strangers.add(Set.of(ALICE, BOB));
        fixture = Fixtures.fixture(ports);
    }

    private static ConversationStarted requestToBob() {
        return new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0, false, BOB);
    }

    @Test
    void aDirectChatWithSomeoneWhoSharesNoConversationIsTheirRequest() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(PAIR, ConversationType.DIRECT, null, ALICE, List.of(BOB), T0))
                .expectEvents(requestToBob());
    }

    @Test
    void aDirectChatWithSomeoneWhoSharesAGroupIsNoRequest() {
        ports.strangers.clear();
        fixture.givenNoPriorActivity()
                .when(new StartConversation(PAIR, ConversationType.DIRECT, null, ALICE, List.of(BOB), T0))
                .expectEvents(new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0));
    }

    @Test
    void replyingAcceptsTheRequest() {
        fixture.given(requestToBob())
                .when(new SendMessage(PAIR, "m-1", BOB, "hi", null, null, T1))
                .expectEvents(new MessageRequestAccepted(PAIR, BOB, T1), new MessageSent(PAIR, "m-1", 1, BOB, "hi", null, null, T1));
    }

    @Test
    void theRecipientAcceptsTheRequest() {
        fixture.given(requestToBob())
                .when(new AcceptMessageRequest(PAIR, BOB, T1))
                .expectEvents(new MessageRequestAccepted(PAIR, BOB, T1));
    }

    @Test
    void acceptingWhatIsNoRequestChangesNothing() {
        fixture.given(requestToBob())
                .when(new AcceptMessageRequest(PAIR, ALICE, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void openingTheChatOneselfAcceptsTheRequest() {
        fixture.given(requestToBob())
                .when(new StartConversation(PAIR, ConversationType.DIRECT, null, BOB, List.of(ALICE), T1))
                .expectEvents(new MessageRequestAccepted(PAIR, BOB, T1));
    }

    @Test
    void theRecipientDeclinesTheRequestOnce() {
        fixture.given(requestToBob())
                .when(new DeclineMessageRequest(PAIR, BOB, T1))
                .expectEvents(new MessageRequestDeclined(PAIR, BOB, T1));
        fixture.given(requestToBob(), new MessageRequestDeclined(PAIR, BOB, T0))
                .when(new DeclineMessageRequest(PAIR, BOB, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onlyTheRecipientDeclines() {
        fixture.given(requestToBob())
                .when(new DeclineMessageRequest(PAIR, ALICE, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("this conversation is no message request of yours")
                .expectNoEvents();
    }

    @Test
    void readingARequestSendsNoReceipt() {
        fixture.given(requestToBob(), new MessageSent(PAIR, "m-1", 1, ALICE, "hello", null, null, T0))
                .when(new MarkRead(PAIR, BOB, 1, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onceAcceptedReadingSendsReceipts() {
        fixture.given(requestToBob(), new MessageSent(PAIR, "m-1", 1, ALICE, "hello", null, null, T0), new MessageRequestAccepted(PAIR, BOB, T0))
                .when(new MarkRead(PAIR, BOB, 1, T1))
                .expectEvents(new MessagesRead(PAIR, BOB, 1, T1));
    }
}
