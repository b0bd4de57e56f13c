package dev.messenger.command.conversation;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-28T09:01:00Z");
    private static final String ALICE = "u-alice";
    private static final String BOB = "u-bob";
    private static final String CAROL = "u-carol";
    private static final String DIRECT = ConversationIds.direct(ALICE, BOB);
    private static final String GROUP = "g-team";

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    private static ConversationStarted directStarted() {
        return new ConversationStarted(DIRECT, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0);
    }

    private static ConversationStarted groupStarted() {
        return new ConversationStarted(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(ALICE, BOB), T0);
    }

    private static MessageSent sent(long seq, String sender, String body, String clientMessageId) {
        return new MessageSent(GROUP, "m-" + seq, seq, sender, body, clientMessageId, null, T0);
    }

    @Test
    void directConversationStartsWithTheCallerAndOneOtherParticipant() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(DIRECT, ConversationType.DIRECT, null, ALICE, List.of(BOB), T0))
                .expectEvents(directStarted())
                .expectResultMessagePayload(new StartedConversation(DIRECT, ConversationType.DIRECT, null, List.of(ALICE, BOB), T0, false, false, null, java.util.Map.of()));
    }

    @Test
    void startingAnExistingDirectConversationReturnsItAndAppendsNothing() {
        fixture.given(directStarted())
                .when(new StartConversation(DIRECT, ConversationType.DIRECT, null, BOB, List.of(ALICE), T1))
                .expectNoEvents()
                .expectResultMessagePayload(new StartedConversation(DIRECT, ConversationType.DIRECT, null, List.of(ALICE, BOB), T0, true, false, null, java.util.Map.of()));
    }

    @Test
    void directConversationNeedsExactlyOneOtherParticipant() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(DIRECT, ConversationType.DIRECT, null, ALICE, List.of(BOB, CAROL), T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void directConversationIdMustBeDerivedFromItsPair() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ConversationIds.direct(ALICE, CAROL), ConversationType.DIRECT, null, ALICE, List.of(BOB), T0))
                .expectException(RuleViolation.class);
    }

    @Test
    void groupStartsWithTitleAndTheCallerAmongParticipants() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(GROUP, ConversationType.GROUP, " Team ", ALICE, List.of(BOB), T0))
                .expectEvents(groupStarted());
    }

    @Test
    void creatorRetryingAGroupStartGetsTheExistingGroup() {
        fixture.given(groupStarted())
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(BOB), T1))
                .expectNoEvents()
                .expectResultMessagePayload(new StartedConversation(GROUP, ConversationType.GROUP, "Team", List.of(ALICE, BOB), T0, true, false, null, java.util.Map.of()));
    }

    @Test
    void creatorReusingAGroupStartKeyForAnotherGroupIsRefused() {
        fixture.given(groupStarted())
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Another team", ALICE, List.of(BOB, CAROL), T1))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("this Idempotency-Key was already used for a different conversation");
    }

    @Test
    void anotherUserCannotStartAGroupUnderAnExistingId() {
        fixture.given(groupStarted())
                .when(new StartConversation(GROUP, ConversationType.GROUP, "Mine", CAROL, List.of(), T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void groupNeedsATitle() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(GROUP, ConversationType.GROUP, "  ", ALICE, List.of(BOB), T0))
                .expectException(RuleViolation.class);
    }

    @Test
    void anAdminAddsAParticipantToAGroup() {
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, ALICE, T1))
                .expectEvents(new ParticipantAdded(GROUP, CAROL, ALICE, T1, 0L));
    }

    @Test
    void addingAnExistingMemberChangesNothing() {
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, BOB, ALICE, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void nonMemberCannotAddParticipants() {
        fixture.given(groupStarted())
                .when(new AddParticipant(GROUP, CAROL, CAROL, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation");
    }

    @Test
    void nobodyIsAddedToADirectConversation() {
        fixture.given(directStarted())
                .when(new AddParticipant(DIRECT, CAROL, ALICE, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void memberLeavesAGroup() {
        fixture.given(groupStarted())
                .when(new RemoveParticipant(GROUP, BOB, BOB, T1))
                .expectEvents(new ParticipantRemoved(GROUP, BOB, BOB, T1, 0L));
    }

    @Test
    void anAdminRemovesAnotherMember() {
        fixture.given(groupStarted())
                .when(new RemoveParticipant(GROUP, BOB, ALICE, T1))
                .expectEvents(new ParticipantRemoved(GROUP, BOB, ALICE, T1, 0L));
    }

    @Test
    void aMemberWhoIsNotAnAdminRemovesNobody() {
        fixture.given(groupStarted(), new ParticipantAdded(GROUP, CAROL, ALICE, T0, 0L))
                .when(new RemoveParticipant(GROUP, CAROL, BOB, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins remove members")
                .expectNoEvents();
    }

    @Test
    void firstMessageGetsSeqOne() {
        fixture.given(groupStarted())
                .when(new SendMessage(GROUP, "m-1", ALICE, "hi", "c-1", null, T0))
                .expectEvents(sent(1, ALICE, "hi", "c-1"))
                .expectResultMessagePayload(new SentMessage(GROUP, "m-1", 1, T0, false));
    }

    @Test
    void seqFollowsTheLastMessageWithoutGaps() {
        fixture.given(groupStarted(), sent(1, ALICE, "a", null), sent(2, BOB, "b", null))
                .when(new SendMessage(GROUP, "m-3", ALICE, "c", null, null, T0))
                .expectEvents(sent(3, ALICE, "c", null));
    }

    @Test
    void nonMemberCannotSend() {
        fixture.given(groupStarted())
                .when(new SendMessage(GROUP, "m-1", CAROL, "hi", null, null, T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void removedMemberCannotSend() {
        fixture.given(groupStarted(), new ParticipantRemoved(GROUP, BOB, BOB, T0))
                .when(new SendMessage(GROUP, "m-1", BOB, "hi", null, null, T1))
                .expectException(RuleViolation.class);
    }

    @Test
    void retriedSendReturnsTheOriginalMessageAndAppendsNothing() {
        fixture.given(groupStarted(), sent(1, ALICE, "hi", "c-1"), sent(2, BOB, "yo", null))
                .when(new SendMessage(GROUP, "m-other", ALICE, "hi", "c-1", null, T1))
                .expectNoEvents()
                .expectResultMessagePayload(new SentMessage(GROUP, "m-1", 1, T0, true));
    }

    @Test
    void sameClientMessageIdFromAnotherSenderIsANewMessage() {
        fixture.given(groupStarted(), sent(1, ALICE, "hi", "c-1"))
                .when(new SendMessage(GROUP, "m-2", BOB, "hi", "c-1", null, T0))
                .expectEvents(sent(2, BOB, "hi", "c-1"));
    }

    @Test
    void reusingAClientMessageIdForADifferentBodyIsRefused() {
        fixture.given(groupStarted(), sent(1, ALICE, "hi", "c-1"))
                .when(new SendMessage(GROUP, "m-2", ALICE, "something else", "c-1", null, T1))
                .expectNoEvents()
                .expectException(RuleViolation.class);
    }

    @Test
    void bodiesWithTheSameStringHashAreStillDifferentMessages() {
        // "Aa" and "BB" share String.hashCode(): a retry is recognised by a cryptographic digest, not a 32-bit hash
        fixture.given(groupStarted(), sent(1, ALICE, "Aa", "c-1"))
                .when(new SendMessage(GROUP, "m-2", ALICE, "BB", "c-1", null, T1))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("this clientMessageId was already used for a different message");
    }

    @Test
    void aMessageWithAFileIsAMediaMessage() {
        MediaRef photo = new MediaRef("md-1", "image/png", 2048, 640, 480);
        fixture.given(groupStarted())
                .when(new SendMessage(GROUP, "m-1", ALICE, null, "c-1", null, T0, photo))
                .expectEvents(new MessageSent(GROUP, "m-1", 1, ALICE, null, "c-1", null, T0, MessageKind.MEDIA, photo));
    }

    @Test
    void reusingAClientMessageIdForADifferentFileIsRefused() {
        MediaRef photo = new MediaRef("md-1", "image/png", 2048, 640, 480);
        MediaRef other = new MediaRef("md-2", "image/png", 4096, 640, 480);
        fixture.given(groupStarted(), new MessageSent(GROUP, "m-1", 1, ALICE, null, "c-1", null, T0, MessageKind.MEDIA, photo))
                .when(new SendMessage(GROUP, "m-2", ALICE, null, "c-1", null, T1, other))
                .expectNoEvents()
                .expectException(RuleViolation.class);
    }

    @Test
    void retryKeysOlderThanTheWindowAreForgotten() {
        List<Object> history = new java.util.ArrayList<>();
        history.add(groupStarted());
        for (int seq = 1; seq <= ConversationLimits.RETRY_WINDOW + 1; seq++) {
            history.add(sent(seq, ALICE, "x", "c-" + seq));
        }
        long next = ConversationLimits.RETRY_WINDOW + 2;
        fixture.given(history)
                .when(new SendMessage(GROUP, "m-" + next, ALICE, "x", "c-1", null, T0))
                .expectEvents(sent(next, ALICE, "x", "c-1"));
    }
}
