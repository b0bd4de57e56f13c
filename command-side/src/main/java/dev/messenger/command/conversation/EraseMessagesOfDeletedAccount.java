package dev.messenger.command.conversation;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Delete these messages of a deleted account, member or not any more: its erasure, a batch at a time. The messages'
 * places come from the write side's own record of them (the body keys' table), not from a read model.
 */
public record EraseMessagesOfDeletedAccount(@TargetAggregateIdentifier String conversationId, String userId,
                                            List<MessageFacts> messages, Instant requestedAt) {

    /** Messages per command: one unit of work and one append, bounded. */
    public static final int MAX_MESSAGES = 500;

    public EraseMessagesOfDeletedAccount {
        messages = List.copyOf(messages);
        if (messages.size() > MAX_MESSAGES) {
            throw new IllegalArgumentException("at most " + MAX_MESSAGES + " messages per command");
        }
    }
}
