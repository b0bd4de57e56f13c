package dev.messenger.command.conversation;

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
