package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.Acquaintances;
import dev.messenger.command.conversation.BlockRelations;
import dev.messenger.command.conversation.GroupAddConsent;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.query.privacy.PrivacyQueries;
import dev.messenger.command.conversation.MessageDirectory;
import dev.messenger.command.conversation.MessageFacts;
import dev.messenger.command.conversation.RegisteredUsers;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.query.block.BlockQueries;
import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.message.MessageQueries;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the conversation aggregate asks outside itself, answered from the accounts and the read models. Axon hands these
 * beans to the command handlers that declare them as parameters. Command handlers run on the bounded-elastic scheduler
 * ({@code Commands}), never on an event loop, so waiting for an answer there is allowed; the stores' own timeouts bound it.
 */
@Configuration(proxyBeanMethods = false)
public class ConversationPorts {

    @Bean
    RegisteredUsers registeredUsers(AccountRepository accounts) {
        return userIds -> {
            Set<String> found = accounts.existing(userIds).block();
            Set<String> unknown = new HashSet<>(userIds);
            if (found != null) {
                unknown.removeAll(found);
            }
            return unknown;
        };
    }

    @Bean
    BlockRelations blockRelations(BlockQueries blocks) {
        return (userId, others) -> {
            Set<String> blocked = others.isEmpty() ? Set.of() : blocks.findBlockRelations(userId, others).block();
            return blocked != null && !blocked.isEmpty();
        };
    }

    /** Two users know each other when they share a conversation now (a group: a pair has only the one direct chat). */
    @Bean
    Acquaintances acquaintances(ConversationQueries conversations) {
        return (userA, userB) -> {
            java.util.Map<String, ?> ofA = conversations.findMemberships(userA).block();
            java.util.Map<String, ?> ofB = conversations.findMemberships(userB).block();
            return ofA != null && ofB != null && ofA.keySet().stream().anyMatch(ofB::containsKey);
        };
    }

    /**
     * Whose {@code groupAdds} setting keeps the adder from adding them: nobody, or contacts when the two share no
     * conversation (a message request not yet accepted makes nobody a contact). One read of everyone's settings, then
     * one of the adder's conversations and one per user who allows contacts only.
     */
    @Bean
    GroupAddConsent groupAddConsent(PrivacyQueries privacy, ConversationQueries conversations) {
        return (adder, userIds) -> {
            Set<String> others = new java.util.LinkedHashSet<>(userIds);
            others.remove(adder);
            Set<String> asked = new java.util.LinkedHashSet<>();
            if (others.isEmpty()) {
                return asked;
            }
            java.util.Map<String, PrivacyQueries.Settings> settings = privacy.findSettings(others).block();
            Set<String> ofAdder = null;
            for (String user : others) {
                Visibility groupAdds = settings == null ? Visibility.NOBODY : settings.get(user).groupAdds();
                if (groupAdds == Visibility.NOBODY) {
                    asked.add(user);
                } else if (groupAdds == Visibility.CONTACTS) {
                    if (ofAdder == null) {
                        ofAdder = conversations.findMemberships(adder).blockOptional().map(java.util.Map::keySet).orElse(Set.of());
                    }
                    Set<String> shared = ofAdder;
                    boolean contacts = conversations.findMemberships(user).blockOptional()
                            .map(ofUser -> ofUser.keySet().stream().anyMatch(shared::contains)).orElse(false);
                    if (!contacts) {
                        asked.add(user);
                    }
                }
            }
            return asked;
        };
    }

    @Bean
    MessageDirectory messageDirectory(MessageQueries messages) {
        return (conversationId, messageId) -> Optional.ofNullable(messages.findMessageState(conversationId, messageId).block())
                .map(found -> new MessageFacts(found.message().messageId(), found.message().seq(), found.message().senderId(),
                        found.deleted(), found.reactions()));
    }
}
