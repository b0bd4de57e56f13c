package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.CAROL;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupStarted;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.Mentions;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mentions, one rule a test. In the group fixture ALICE (its owner) and BOB are members; CAROL is not. */
class MentionRulesTest {

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(new Fixtures.Ports());
    }

    private static SendMessage send(String sender, Mentions mentions) {
        return new SendMessage(GROUP, "m-1", sender, "hi @all", "c-1", null, T1, null, null, false, mentions);
    }

    private static MessageSent sent(String sender, Mentions mentions) {
        return new MessageSent(GROUP, "m-1", 1, sender, "hi @all", "c-1", null, T1, MessageKind.TEXT, null, null, false, mentions);
    }

    @Test
    void aMessageRecordsTheMembersItMentionsOnceEach() {
        fixture.given(groupStarted())
                .when(send(BOB, new Mentions(List.of(ALICE, ALICE), false)))
                .expectEvents(sent(BOB, new Mentions(List.of(ALICE), false)));
    }

    @Test
    void onlyMembersAreMentioned() {
        fixture.given(groupStarted())
                .when(send(BOB, new Mentions(List.of(CAROL), false)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("mentions name members of this conversation only")
                .expectNoEvents();
    }

    @Test
    void anAdminMentionsEveryone() {
        fixture.given(groupStarted())
                .when(send(ALICE, new Mentions(List.of(), true)))
                .expectEvents(sent(ALICE, new Mentions(List.of(), true)));
    }

    @Test
    void aMemberWhoIsNotAnAdminDoesNotMentionEveryone() {
        fixture.given(groupStarted())
                .when(send(BOB, new Mentions(List.of(), true)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("only the group's admins mention everyone")
                .expectNoEvents();
    }

    @Test
    void everyoneIsMentionedInGroupsOnly() {
        String pair = ConversationIds.direct(ALICE, BOB);
        fixture.given(new ConversationStarted(pair, ConversationType.DIRECT, null, ALICE, List.of(ALICE, BOB), T0))
                .when(new SendMessage(pair, "m-1", ALICE, "hi", null, null, T1, null, null, false, new Mentions(List.of(), true)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("mentionAll is for groups")
                .expectNoEvents();
    }

    @Test
    void noMentionsRecordNothing() {
        fixture.given(groupStarted())
                .when(send(BOB, new Mentions(List.of(), false)))
                .expectEvents(sent(BOB, null));
    }

    @Test
    void aRetryWithOtherMentionsIsADifferentRequest() {
        fixture.given(groupStarted(), sent(BOB, new Mentions(List.of(ALICE), false)))
                .when(send(BOB, null))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aRetryWithTheSameMentionsReturnsTheMessage() {
        fixture.given(groupStarted(), sent(BOB, new Mentions(List.of(ALICE), false)))
                .when(send(BOB, new Mentions(List.of(ALICE, ALICE), false)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
