package dev.messenger.command.conversation;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageSent;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

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

    /** The group's start and its messages 1..count, all from the given sender. */
    static List<Object> groupWithMessages(int count, String sender) {
        List<Object> events = new java.util.ArrayList<>(count + 1);
        events.add(groupStarted());
        for (int seq = 1; seq <= count; seq++) {
            events.add(sent(seq, sender));
        }
        return events;
    }

    /** A conversation fixture whose command handlers get these ports. */
    static FixtureConfiguration<Conversation> fixture(Ports ports) {
        FixtureConfiguration<Conversation> fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(ports);
        return fixture;
    }

    /**
     * What the aggregate asks outside itself, as each test sets it: everyone is registered but {@link #unregistered},
     * the pairs in {@link #blocks} block one another, and the directory knows the messages a test names with
     * {@link #message}.
     */
    static final class Ports implements RegisteredUsers, BlockRelations, MessageDirectory, Acquaintances, GroupAddConsent {

        final Set<String> unregistered = new HashSet<>();
        final Set<Set<String>> blocks = new HashSet<>();
        private final Map<String, MessageFacts> messages = new HashMap<>();

        /** Records a message's facts in the directory and gives its id. */
        String message(long seq, String sender) {
            String messageId = "m-" + seq;
            messages.put(messageId, new MessageFacts(messageId, seq, sender));
            return messageId;
        }

        /** Records a message as the read model shows it (deleted, reactions) and gives its id. */
        String message(MessageFacts facts) {
            messages.put(facts.messageId(), facts);
            return facts.messageId();
        }

        /** Pairs who share no conversation (every other pair does): a direct chat between them is a message request. */
        final Set<Set<String>> strangers = new HashSet<>();

        @Override
        public boolean shareAConversation(String userA, String userB) {
            return !strangers.contains(Set.of(userA, userB));
        }

        /** Users whose privacy setting lets nobody add them to a group: an add becomes an invitation. */
        final Set<String> askFirst = new HashSet<>();

        @Override
        public Set<String> requiringInvitation(String adder, Collection<String> userIds) {
            Set<String> asked = new java.util.LinkedHashSet<>(userIds);
            asked.retainAll(askFirst);
            return asked;
        }

        void block(String userA, String userB) {
            blocks.add(Set.of(userA, userB));
        }

        @Override
        public Set<String> findUnregistered(Collection<String> userIds) {
            Set<String> unknown = new HashSet<>(userIds);
            unknown.retainAll(unregistered);
            return unknown;
        }

        @Override
        public boolean anyBlockBetween(String userId, Collection<String> others) {
            return others.stream().anyMatch(other -> blocks.contains(Set.of(userId, other)));
        }

        @Override
        public Optional<MessageFacts> findMessage(String conversationId, String messageId) {
            return Optional.ofNullable(messages.get(messageId));
        }
    }
}
