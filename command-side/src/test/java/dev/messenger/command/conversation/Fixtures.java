package dev.messenger.command.conversation;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageSent;
import java.time.Instant;
import java.util.List;

/** Shared givens of the conversation rule tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-28T09:01:00Z");
    static final String ALICE = "u-alice";
    static final String BOB = "u-bob";
    static final String CAROL = "u-carol";
    static final String GROUP = "g-team";

    private Fixtures() {
    }

    static ConversationStarted groupStarted() {
        return new ConversationStarted(GROUP, ConversationType.GROUP, "Team", ALICE, List.of(ALICE, BOB), T0);
    }

    static MessageSent sent(long seq, String sender) {
        return new MessageSent(GROUP, "m-" + seq, seq, sender, "body " + seq, null, null, T0);
    }

    static MessageFacts facts(long seq, String sender) {
        return new MessageFacts("m-" + seq, seq, sender);
    }
}
