package dev.messenger.command.conversation;

import static dev.messenger.command.conversation.Fixtures.ALICE;
import static dev.messenger.command.conversation.Fixtures.BOB;
import static dev.messenger.command.conversation.Fixtures.GROUP;
import static dev.messenger.command.conversation.Fixtures.T0;
import static dev.messenger.command.conversation.Fixtures.T1;
import static dev.messenger.command.conversation.Fixtures.groupWithMessages;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregate keeps deletes and reactions exactly for its newest {@link MessageChanges#RECENT} messages only; for older
 * ones it decides on what the read model shows, plus the deletes it recorded lately. Message 1 is older here: there are
 * RECENT + 1 messages.
 */
class OlderMessageRulesTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final int MESSAGES = MessageChanges.RECENT + 1;

    private final Fixtures.Ports ports = new Fixtures.Ports();
    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.fixture(ports);
    }

    @Test
    void anOlderMessageDeletedAMomentAgoIsKnownBeforeTheReadModelShowsIt() {
        List<Object> given = new ArrayList<>(groupWithMessages(MESSAGES, ALICE));
        given.add(new MessageDeleted(GROUP, "m-1", 1, ALICE, T0));
        fixture.given(given)
                .when(new EditMessage(GROUP, ports.message(1, ALICE), ALICE, "too late", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the message was deleted");
    }

    @Test
    void anOlderMessageTheReadModelShowsDeletedCannotBeEdited() {
        fixture.given(groupWithMessages(MESSAGES, ALICE))
                .when(new EditMessage(GROUP, ports.message(new MessageFacts("m-1", 1, ALICE, true, Map.of())), ALICE, "too late", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the message was deleted");
    }

    @Test
    void anOlderMessagesReactionLimitIsCheckedAgainstTheReadModel() {
        Map<String, Set<String>> fifty = new LinkedHashMap<>();
        for (int i = 0; i < ConversationLimits.MAX_DISTINCT_REACTIONS; i++) {
            fifty.put(new String(Character.toChars(0x1F600 + i)), Set.of(ALICE));
        }
        fixture.given(groupWithMessages(MESSAGES, ALICE))
                .when(new AddReaction(GROUP, ports.message(new MessageFacts("m-1", 1, ALICE, false, fifty)), BOB, THUMBS_UP, T1))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aReactionToAnOlderMessageIsRecordedEvenWhenTheReadModelAlreadyShowsIt() {
        // the read model may not show a removal made a moment ago: a repeat is recorded, and the projections' sets absorb it
        fixture.given(groupWithMessages(MESSAGES, ALICE))
                .when(new AddReaction(GROUP, ports.message(new MessageFacts("m-1", 1, ALICE, false, Map.of(THUMBS_UP, Set.of(BOB)))),
                        BOB, THUMBS_UP, T1))
                .expectEvents(new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1));
    }

    @Test
    void aMessageLeavingTheRecentWindowTakesItsReactionsOutOfTheState() {
        // Bob reacted to message 1 while it was recent, and the state knew it (a repeat would record nothing); RECENT
        // messages later it is older: the state holds its reactions no more, and a repeat is decided on the read model
        List<Object> given = new ArrayList<>(groupWithMessages(1, ALICE));
        given.add(new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T0));
        given.addAll(groupWithMessages(MESSAGES, ALICE).subList(2, MESSAGES + 1));
        fixture.given(given)
                .when(new AddReaction(GROUP, ports.message(1, ALICE), BOB, THUMBS_UP, T1))
                .expectEvents(new ReactionAdded(GROUP, "m-1", 1, BOB, THUMBS_UP, T1));
    }

    @Test
    void aRecentMessagesReactionsAreTheAggregatesOwn() {
        // the newest message: its state is exact, so removing a reaction nobody made records nothing, whatever the read model says
        fixture.given(groupWithMessages(MESSAGES, ALICE))
                .when(new RemoveReaction(GROUP, ports.message(new MessageFacts("m-" + MESSAGES, MESSAGES, ALICE, false,
                        Map.of(THUMBS_UP, Set.of(BOB)))), BOB, THUMBS_UP, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
