package dev.messenger.events.conversation;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A direct or group conversation began with these participants (the creator among them). */
@Revision("1")
public record ConversationStarted(
        String conversationId,
        ConversationType type,
        String title,
        String startedBy,
        List<String> participants,
        Instant startedAt) {

    public ConversationStarted {
        participants = List.copyOf(participants);
    }
}
