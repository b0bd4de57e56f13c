package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A member of a group got a new role. {@code changedBy} is the admin who promoted or demoted them, or null when the group
 * did it by its own rule: its owner left, and the longest-standing admin (else the longest-standing member) took over,
 * so no group is ever left without one. {@code afterSeq} is the seq of the last message before it.
 */
@Revision("1")
public record ParticipantRoleChanged(String conversationId, String userId, ParticipantRole role, String changedBy, long afterSeq,
                                     Instant changedAt) {
}
