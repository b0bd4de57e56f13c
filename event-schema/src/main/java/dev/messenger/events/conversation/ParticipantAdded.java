package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A user joined a group conversation; {@code addedBy} is the admin who added them. {@code afterSeq} is the seq of the
 * conversation's last message when it happened, where history shows it (optional: null in events recorded before
 * 2026-12-06, whose place history works out from the messages before it).
 */
@Revision("1")
public record ParticipantAdded(String conversationId, String userId, String addedBy, Instant addedAt, Long afterSeq) {

    public ParticipantAdded(String conversationId, String userId, String addedBy, Instant addedAt) {
        this(conversationId, userId, addedBy, addedAt, null);
    }
}
