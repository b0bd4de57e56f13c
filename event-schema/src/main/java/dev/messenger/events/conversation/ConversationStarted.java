package dev.messenger.events.conversation;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A direct or group conversation began with these participants (the creator among them). Revision 2
 * added {@code e2ee}: its messages are {@code EncryptedMessageSent}, never readable by the server
 * (revision 1 events lack it and read as false).
 */
@Revision("2")
public record ConversationStarted(
        String conversationId,
        ConversationType type,
        String title,
        String startedBy,
        List<String> participants,
        Instant startedAt,
        boolean e2ee) {

    public ConversationStarted {
        participants = List.copyOf(participants);
    }

    /** A conversation whose messages the server can read. */
    public ConversationStarted(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                               Instant startedAt) {
        this(conversationId, type, title, startedBy, participants, startedAt, false);
    }
}
