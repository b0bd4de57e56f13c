package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.EncryptedMessageSent;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of end-to-end encrypted conversations, one test each. */
class EncryptedConversationTest {

    private static final String PAIR = ConversationIds.direct(ALICE, BOB);
    private static final Map<String, String> ENVELOPES = Map.of(BOB + ":phone", "c2VhbGVk", ALICE + ":laptop", "c2VhbGVkIQ==");

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    private static ConversationStarted encryptedPair() {
        return new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0, true);
    }

    private static SendMessage send(String body, Map<String, String> ciphertexts) {
        return new SendMessage(PAIR, "m-1", ALICE, body, "c-1", null, T1, null, ciphertexts);
    }

    @Test
    void anEncryptedConversationIsStartedAsSuch() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(PAIR, ConversationType.DIRECT, null, ALICE, List.of(BOB), T0, true))
                .expectEvents(encryptedPair());
    }

    @Test
    void envelopesForParticipantsDevicesAreRecordedWithoutABody() {
        fixture.given(encryptedPair())
                .when(send(null, ENVELOPES))
                .expectEvents(new EncryptedMessageSent(PAIR, "m-1", 1, ALICE, ENVELOPES, "c-1", null, T1));
    }

    @Test
    void aPlaintextBodyInAnEncryptedConversationIsRefused() {
        fixture.given(encryptedPair())
                .when(send("hello in the clear", null))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void anEnvelopeForSomeoneOutsideTheConversationIsRefused() {
        fixture.given(encryptedPair())
                .when(send(null, Map.of(CAROL + ":phone", "c2VhbGVk")))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void anEnvelopeThatIsNotBase64IsRefused() {
        fixture.given(encryptedPair())
                .when(send(null, Map.of(BOB + ":phone", "not base64!")))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void ciphertextsInAConversationTheServerCanReadAreRefused() {
        fixture.given(new ConversationStarted(PAIR, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0))
                .when(new SendMessage(PAIR, "m-1", ALICE, "hi", "c-1", null, T1, null, ENVELOPES))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aRetryWithTheSameEnvelopesReturnsTheOriginalAndRecordsNothing() {
        fixture.given(encryptedPair(), new EncryptedMessageSent(PAIR, "m-1", 1, ALICE, ENVELOPES, "c-1", null, T1))
                .when(new SendMessage(PAIR, "m-other", ALICE, null, "c-1", null, T1, null, ENVELOPES))
                .expectNoEvents()
                .expectResultMessagePayload(new SentMessage(PAIR, "m-1", 1, T1, true));
    }

    @Test
    void anEncryptedMessageCannotBeEdited() {
        fixture.given(encryptedPair(), new EncryptedMessageSent(PAIR, "m-1", 1, ALICE, ENVELOPES, "c-1", null, T1))
                .when(new EditMessage(PAIR, ports.message(1, ALICE), ALICE, "changed", T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }
}
