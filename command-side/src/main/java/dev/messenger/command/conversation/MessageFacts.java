package dev.messenger.command.conversation;

import java.util.Map;
import java.util.Set;

/**
 * A message as the {@link MessageDirectory} finds it: its immutable facts (seq, sender), and, as the read model last
 * saw them, whether it was deleted and who reacted with which emoji. The aggregate decides on the latter only for
 * messages older than the ones it keeps exact state of ({@code MessageChanges}).
 */
public record MessageFacts(String messageId, long seq, String senderId, boolean deleted, Map<String, Set<String>> reactions) {

    public MessageFacts {
        reactions = reactions == null ? Map.of() : reactions;
    }

    /** A message neither deleted nor reacted to. */
    public MessageFacts(String messageId, long seq, String senderId) {
        this(messageId, seq, senderId, false, Map.of());
    }
}
