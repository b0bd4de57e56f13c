package dev.messenger.gateway.web;

import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.conversation.ConversationSummary;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The read-side check every conversation read goes through. Unknown and "not (or no longer) a participant" are
 * the same 404, word for word, so that nobody learns from a refusal whether two people talk to each other.
 */
@Component
public class Membership {

    /** The one answer to "unknown" and "not yours", on the read side and from the aggregate alike. */
    public static final String NO_SUCH_CONVERSATION = "no such conversation";

    private final ConversationQueries conversations;

    public Membership(ConversationQueries conversations) {
        this.conversations = conversations;
    }

    public Mono<ConversationSummary> requireParticipant(String conversationId, String userId) {
        return conversations.findConversation(conversationId)
                .filter(c -> c.hasParticipant(userId))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(NO_SUCH_CONVERSATION)));
    }
}
