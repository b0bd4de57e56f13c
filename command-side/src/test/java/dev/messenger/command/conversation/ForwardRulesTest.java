package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forwarding into a conversation, one rule a test (the gateway checks the sender could see what is forwarded). */
class ForwardRulesTest {

    private static final MediaRef PHOTO = new MediaRef("md-1", "image/png", 2048, 64, 48);

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    private static SendMessage forward(String clientMessageId) {
        return new SendMessage(GROUP, "m-1", ALICE, "look", clientMessageId, null, T1, PHOTO, null, true);
    }

    @Test
    void aForwardedMessageIsRecordedAsForwardedWithItsBodyAndFile() {
        fixture.given(groupStarted())
                .when(forward(null))
                .expectEvents(new MessageSent(GROUP, "m-1", 1, ALICE, "look", null, null, T1, MessageKind.MEDIA, PHOTO, null, true));
    }

    @Test
    void nothingIsForwardedIntoAnEncryptedConversation() {
        String pair = ConversationIds.direct(ALICE, BOB);
        fixture.given(new ConversationStarted(pair, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0, true))
                .when(new SendMessage(pair, "m-1", ALICE, "look", null, null, T1, null, null, true))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aRetriedForwardReturnsTheFirst() {
        fixture.given(groupStarted(), new MessageSent(GROUP, "m-1", 1, ALICE, "look", "c-1", null, T0, MessageKind.MEDIA, PHOTO, null, true))
                .when(new SendMessage(GROUP, "m-other", ALICE, "look", "c-1", null, T1, PHOTO, null, true))
                .expectNoEvents()
                .expectResultMessagePayload(new SentMessage(GROUP, "m-1", 1, T0, true));
    }

    @Test
    void theSameRetryKeyForTheSameTextWrittenHereIsAnotherRequest() {
        fixture.given(groupStarted(), new MessageSent(GROUP, "m-1", 1, ALICE, "look", "c-1", null, T0, MessageKind.MEDIA, PHOTO, null, true))
                .when(new SendMessage(GROUP, "m-other", ALICE, "look", "c-1", null, T1, PHOTO))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }
}
