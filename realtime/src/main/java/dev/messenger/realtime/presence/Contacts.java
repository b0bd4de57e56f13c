package dev.messenger.realtime.presence;

import dev.messenger.query.block.BlockQueries;
import dev.messenger.query.conversation.ConversationQueries;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Contacts are people who share a conversation; a block either way hides them from each other. */
@Component
public class Contacts {

    private final ConversationQueries conversations;
    private final BlockQueries blocks;

    public Contacts(ConversationQueries conversations, BlockQueries blocks) {
        this.conversations = conversations;
        this.blocks = blocks;
    }

    /** Everyone who shares a conversation with the user, minus those blocked either way. */
    public Mono<Set<String>> findVisibleContacts(String userId) {
        return conversations.findParticipantsOfConversationsOf(userId)
                .flatMap(people -> {
                    people.remove(userId);
                    return blocks.findBlockRelations(userId, people).map(blocked -> {
                        people.removeAll(blocked);
                        return people;
                    });
                });
    }

    /** For each target: is it a contact of the viewer, and is either blocking the other. */
    public Mono<Map<String, Relation>> relations(String viewerId, Collection<String> targets) {
        return conversations.findParticipantsOfConversationsOf(viewerId)
                .zipWith(blocks.findBlockRelations(viewerId, targets))
                .map(both -> {
                    Set<String> contacts = both.getT1();
                    Set<String> blocked = both.getT2();
                    Map<String, Relation> relations = new java.util.HashMap<>();
                    for (String target : targets) {
                        relations.put(target, new Relation(contacts.contains(target), blocked.contains(target)));
                    }
                    return relations;
                });
    }

    public record Relation(boolean contact, boolean blocked) {
    }
}
