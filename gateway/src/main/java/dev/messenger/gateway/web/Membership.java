package dev.messenger.gateway.web;

import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.conversation.ConversationSummary;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The read-side check every conversation read goes through: 404 unknown, 403 not (or no longer) a participant. */
@Component
public class Membership {

    private final ConversationQueries conversations;

    public Membership(ConversationQueries conversations) {
        this.conversations = conversations;
    }

    public Mono<ConversationSummary> requireParticipant(String conversationId, String userId) {
        return conversations.findConversation(conversationId)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such conversation")))
                .flatMap(c -> c.hasParticipant(userId) ? Mono.just(c)
                        : Mono.error(ApiProblem.forbidden("not a participant of this conversation")));
    }
}
