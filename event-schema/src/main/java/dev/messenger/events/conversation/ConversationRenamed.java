package dev.messenger.events.conversation;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An admin gave the group a new title. {@code afterSeq} is the seq of the last message before it. */
@Revision("1")
public record ConversationRenamed(String conversationId, String title, String renamedBy, long afterSeq, Instant renamedAt) {
}
