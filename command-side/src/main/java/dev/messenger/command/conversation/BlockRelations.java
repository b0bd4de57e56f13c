package dev.messenger.command.conversation;

import java.util.Collection;

/**
 * A port: whether a user and any of the others block one another, either way. Blocks are recorded in each pair's direct
 * conversation, so a group's rule asks a read model of them (eventually consistent: a block recorded a moment before
 * may not be seen yet); a direct pair checks its own aggregate.
 */
@FunctionalInterface
public interface BlockRelations {

    boolean anyBlockBetween(String userId, Collection<String> others);
}
