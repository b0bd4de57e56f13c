package dev.messenger.gateway.message;

import dev.messenger.command.conversation.MessageFacts;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Membership;
import dev.messenger.query.message.MessageQueries;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves a message a command is about: the caller must be a participant (404 first, so that a
 * stranger learns nothing about message ids), then the message's immutable facts from the read model.
 */
@Component
public class MessageLookup {

    private final Membership membership;
    private final MessageQueries messages;

    public MessageLookup(Membership membership, MessageQueries messages) {
        this.membership = membership;
        this.messages = messages;
    }

    public Mono<MessageFacts> find(String conversationId, String messageId, String callerId) {
        return membership.requireParticipant(conversationId, callerId)
                .then(messages.findMessage(conversationId, messageId))
                .map(ref -> new MessageFacts(ref.messageId(), ref.seq(), ref.senderId()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such message in this conversation")));
    }
}
