package dev.messenger.command.conversation;

import static dev.messenger.command.RuleViolation.Kind.CONFLICT;
import static dev.messenger.command.RuleViolation.Kind.INVALID;
import static dev.messenger.command.conversation.ConversationLimits.MAX_DISTINCT_REACTIONS;
import static dev.messenger.command.conversation.ConversationLimits.MAX_REACTIONS_PER_MEMBER;

import dev.messenger.command.RuleViolation;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the rules about existing messages read (deleted or not, who reacted with what), kept bounded however long the
 * conversation gets:
 * <ul>
 *   <li>exactly for the newest {@link #RECENT} messages by seq: while a message is in that window every delete and
 *       reaction of it is applied here, and that is where almost every reaction and delete happens;</li>
 *   <li>for older messages, the ids of the last {@link #RECENT} deletes of them (a delete that just happened is known
 *       here before the read model shows it), and none of their reactions: those come from the read model
 *       ({@link MessageFacts}), which is why a reaction to an older message is recorded even when the read model
 *       already shows it (the projections keep reactions as sets, so a repeat changes nothing there).</li>
 * </ul>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class MessageChanges {

    static final int RECENT = 1000;

    /** seq → what changed a recent message, for those that changed. */
    private TreeMap<Long, Changed> recent = new TreeMap<>();
    private LinkedHashSet<String> olderDeletes = new LinkedHashSet<>();
    private long lastSeq;

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Changed {
        private boolean deleted;
        private Map<String, Set<String>> reactions = new HashMap<>();

        @Override
        public boolean equals(Object other) {
            return other instanceof Changed that && deleted == that.deleted && reactions.equals(that.reactions);
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(deleted) * 31 + reactions.hashCode();
        }
    }

    /** Whether this state knows the message's changes exactly (it is among the newest). */
    boolean knowsExactly(MessageFacts message) {
        return message.seq() > lastSeq - RECENT;
    }

    boolean isDeleted(MessageFacts message) {
        if (knowsExactly(message)) {
            Changed changed = recent.get(message.seq());
            return changed != null && changed.deleted;
        }
        return olderDeletes.contains(message.messageId()) || message.deleted();
    }

    /** Emoji → who reacted with it: exact for a recent message, as the read model last saw it for an older one. */
    Map<String, Set<String>> reactionsOf(MessageFacts message) {
        if (knowsExactly(message)) {
            Changed changed = recent.get(message.seq());
            return changed == null ? Map.of() : changed.reactions;
        }
        return message.reactions();
    }

    /**
     * Whether a reaction is recorded: not on a deleted message, one emoji, within the limits of distinct emoji per
     * message and emoji per member; a repeat on a recent message changes nothing. A repeat on an older one is recorded
     * again, since the read model may not show a removal yet.
     */
    boolean recordsReaction(MessageFacts message, String userId, String emoji) {
        if (!Emoji.isSingleEmoji(emoji)) {
            throw new RuleViolation(INVALID, "a reaction is exactly one emoji");
        }
        if (isDeleted(message)) {
            throw new RuleViolation(CONFLICT, "the message was deleted");
        }
        Map<String, Set<String>> onMessage = reactionsOf(message);
        if (onMessage.getOrDefault(emoji, Set.of()).contains(userId)) {
            return !knowsExactly(message);
        }
        if (!onMessage.containsKey(emoji) && onMessage.size() >= MAX_DISTINCT_REACTIONS) {
            throw new RuleViolation(CONFLICT, "a message has at most " + MAX_DISTINCT_REACTIONS + " different reactions");
        }
        if (onMessage.values().stream().filter(users -> users.contains(userId)).count() >= MAX_REACTIONS_PER_MEMBER) {
            throw new RuleViolation(CONFLICT, "one person reacts to a message with at most " + MAX_REACTIONS_PER_MEMBER + " emoji");
        }
        return true;
    }

    /**
     * Whether a reaction's removal is recorded: on a recent message only when the reaction is there; on an older one
     * always, since the read model may not show the addition yet.
     */
    boolean recordsReactionRemoval(MessageFacts message, String userId, String emoji) {
        return !knowsExactly(message) || reactionsOf(message).getOrDefault(emoji, Set.of()).contains(userId);
    }

    void sent(long seq) {
        lastSeq = seq;
        recent.headMap(seq - RECENT, true).clear();
    }

    void deleted(long seq, String messageId) {
        if (seq > lastSeq - RECENT) {
            Changed changed = recent.computeIfAbsent(seq, s -> new Changed());
            changed.deleted = true;
            changed.reactions.clear();
        } else {
            olderDeletes.add(messageId);
            if (olderDeletes.size() > RECENT) {
                olderDeletes.remove(olderDeletes.iterator().next());
            }
        }
    }

    void reactionAdded(long seq, String emoji, String userId) {
        if (seq > lastSeq - RECENT) {
            recent.computeIfAbsent(seq, s -> new Changed()).reactions.computeIfAbsent(emoji, e -> new HashSet<>()).add(userId);
        }
    }

    void reactionRemoved(long seq, String emoji, String userId) {
        Changed changed = seq > lastSeq - RECENT ? recent.get(seq) : null;
        if (changed == null) {
            return;
        }
        Set<String> users = changed.reactions.get(emoji);
        if (users != null && users.remove(userId) && users.isEmpty()) {
            changed.reactions.remove(emoji);
        }
        if (!changed.deleted && changed.reactions.isEmpty()) {
            recent.remove(seq);
        }
    }
}
