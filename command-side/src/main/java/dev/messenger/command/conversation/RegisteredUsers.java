package dev.messenger.command.conversation;

import java.util.Collection;
import java.util.Set;

/** A port: which of these user ids belong to no account (the accounts live outside the command side). */
@FunctionalInterface
public interface RegisteredUsers {

    Set<String> findUnregistered(Collection<String> userIds);
}
