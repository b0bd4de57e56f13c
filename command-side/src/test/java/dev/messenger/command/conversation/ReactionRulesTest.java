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
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import org.axonframework.test.aggregate.FixtureConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReactionRulesTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final String HEART = "\u2764\uFE0F";

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void memberReactsWithAnEmoji() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectEvents(new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1));
    }

    @Test
    void sameReactionTwiceChangesNothing() {
        fixture.given(groupStarted(), sent(1, ALICE), new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherEmojiFromTheSameUserIsANewReaction() {
        fixture.given(groupStarted(), sent(1, ALICE), new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, HEART, T1))
                .expectEvents(new ReactionAdded(GROUP, "m-1", 1, BOB, HEART, T1));
    }

    @Test
    void aMessageHasAtMostFiftyDifferentReactions() {
        List<Object> given = new ArrayList<>(List.of(groupStarted(), sent(1, ALICE),
                new ReactionAdded(GROUP, "m-1", 1, ALICE, HEART, T1)));
        for (int i = 1; i < ConversationLimits.MAX_DISTINCT_REACTIONS; i++) {
            given.add(new ReactionAdded(GROUP, "m-1", 1, "u-" + i, "emoji-" + i, T1));
        }
        fixture.given(given)
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectNoEvents()
                .expectExceptionMessage("a message has at most 50 different reactions");
        // one more person with an emoji that is already there is fine
        fixture.given(given)
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, HEART, T1))
                .expectEvents(new ReactionAdded(GROUP, "m-1", 1, BOB, HEART, T1));
    }

    @Test
    void onePersonReactsToAMessageWithAtMostTwentyEmoji() {
        List<Object> given = new ArrayList<>(List.of(groupStarted(), sent(1, ALICE)));
        for (int i = 0; i < ConversationLimits.MAX_REACTIONS_PER_MEMBER; i++) {
            given.add(new ReactionAdded(GROUP, "m-1", 1, BOB, "emoji-" + i, T1));
        }
        fixture.given(given)
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectNoEvents()
                .expectExceptionMessage("one person reacts to a message with at most 20 emoji");
    }

    @Test
    void removingAReactionThatIsNotThereChangesNothing() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new RemoveReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void memberRemovesTheirReaction() {
        fixture.given(groupStarted(), sent(1, ALICE), new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1))
                .when(new RemoveReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectEvents(new ReactionRemoved(GROUP, "m-1", 1, BOB, THUMBS_UP, T1));
    }

    @Test
    void noReactionOnADeletedMessage() {
        fixture.given(groupStarted(), sent(1, ALICE), new MessageDeleted(GROUP, "m-1", 1, ALICE, T1))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the message was deleted");
    }

    @Test
    void nonMemberCannotReact() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), CAROL, THUMBS_UP, T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such conversation");
    }

    @Test
    void textIsNotAReaction() {
        fixture.given(groupStarted(), sent(1, ALICE))
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, "lol", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("a reaction is exactly one emoji");
    }
}
