package dev.messenger.events.conversation;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A direct or group conversation began with these participants (the creator among them). Revision 2
 * added {@code e2ee}: its messages are {@code EncryptedMessageSent}, never readable by the server
 * (revision 1 events lack it and read as false). {@code requestFor} (optional, added within revision 2) is the
 * participant of a direct conversation for whom it is a message request: its starter shared no conversation with them,
 * so it waits in their requests until they accept it or reply (null: no request, as in every event before it).
 * {@code invited} (optional, added within revision 2) are the people its creator asked for whose privacy setting made
 * them invitations instead ({@link ParticipantInvited} events follow); null or empty: none.
 */
@Revision("2")
public record ConversationStarted(
        String conversationId,
        ConversationType type,
        String title,
        String startedBy,
        List<String> participants,
        Instant startedAt,
        boolean e2ee,
        String requestFor,
        List<String> invited) {

    public ConversationStarted {
        participants = List.copyOf(participants);
        invited = invited == null || invited.isEmpty() ? null : List.copyOf(invited);
    }

    public ConversationStarted(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                               Instant startedAt, boolean e2ee, String requestFor) {
        this(conversationId, type, title, startedBy, participants, startedAt, e2ee, requestFor, null);
    }

    /** Everyone its creator asked for: the participants and the invited. */
    public List<String> requestedMembers() {
        if (invited == null) {
            return participants;
        }
        List<String> all = new java.util.ArrayList<>(participants);
        all.addAll(invited);
        return all;
    }

    /** A conversation that is no message request. */
    public ConversationStarted(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                               Instant startedAt, boolean e2ee) {
        this(conversationId, type, title, startedBy, participants, startedAt, e2ee, null, null);
    }

    /** A conversation whose messages the server can read. */
    public ConversationStarted(String conversationId, ConversationType type, String title, String startedBy, List<String> participants,
                               Instant startedAt) {
        this(conversationId, type, title, startedBy, participants, startedAt, false, null, null);
    }
}
