package dev.messenger.command.conversation;

import java.util.Collection;
import java.util.Set;

/**
 * A port: which of these users' privacy settings ({@code groupAdds}: everyone, people they share a conversation with,
 * nobody) keep {@code adder} from adding them to a group, so that the add becomes an invitation. Answered from the
 * privacy and inbox read models (eventually consistent: a setting changed a moment before may not be seen yet; while the
 * privacy read model is incomplete everyone is asked).
 */
@FunctionalInterface
public interface GroupAddConsent {

    Set<String> requiringInvitation(String adder, Collection<String> userIds);
}
