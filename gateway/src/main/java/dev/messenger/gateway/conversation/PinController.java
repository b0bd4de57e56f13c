package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.ChangeConversationState;
import dev.messenger.command.conversation.PinMessage;
import dev.messenger.command.conversation.UnpinMessage;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.PathIds;
import dev.messenger.gateway.web.Membership;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.query.conversation.ConversationQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Pinned messages of a conversation, and each member's own flags of it in their inbox (archived, pinned). */
@RestController
@Tag(name = "Conversations")
public class PinController {

    private final Commands commands;
    private final ConversationQueries conversations;
    private final Membership membership;

    public PinController(Commands commands, ConversationQueries conversations, Membership membership) {
        this.commands = commands;
        this.conversations = conversations;
        this.membership = membership;
    }

    public record PinsView(List<ConversationQueries.Pin> pins) {
    }

    public record StateRequest(Boolean archived, Boolean pinned) {
    }

    @PutMapping("/conversations/{conversationId}/pins/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Pin a message for every member: either side of a direct chat, a group's admin (its creator)",
            description = "Pinning again changes nothing. 404 for a conversation the caller is not in or a message not in it; 403 for a "
                    + "group member who is not its admin; 409 for a deleted message and beyond 50 pins. Members see message.pinned on their streams.")
    public Mono<Void> pin(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String messageId) {
        PathIds.requireShort(conversationId, messageId);
        return commands.send(new PinMessage(conversationId, messageId, jwt.getSubject(), RequestTime.now())).then();
    }

    @DeleteMapping("/conversations/{conversationId}/pins/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unpin a message (whoever may pin may unpin; unpinning what is not pinned changes nothing)")
    public Mono<Void> unpin(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String messageId) {
        PathIds.requireShort(conversationId, messageId);
        return commands.send(new UnpinMessage(conversationId, messageId, jwt.getSubject(), RequestTime.now())).then();
    }

    @GetMapping("/conversations/{conversationId}/pins")
    @Operation(summary = "The conversation's pinned messages, oldest pin first (members only, else 404)")
    public Mono<PinsView> pins(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        return membership.requireParticipant(conversationId, jwt.getSubject())
                .then(conversations.findPins(conversationId))
                .map(PinsView::new);
    }

    @PutMapping("/conversations/{conversationId}/state")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Archive or pin the conversation in the caller's own inbox: {\"archived\"?: bool, \"pinned\"?: bool}",
            description = "A flag left out stays as it is. Archived conversations leave GET /conversations and are listed by "
                    + "GET /conversations?archived=true; a new message does not bring one back. Pinned ones come first. Per user: "
                    + "the others notice nothing. 404 for a conversation the caller is not in.")
    public Mono<Void> state(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @RequestBody StateRequest request) {
        PathIds.requireShort(conversationId);
        if (request.archived() == null && request.pinned() == null) {
            return Mono.error(ApiProblem.badRequest("give archived, pinned or both"));
        }
        return commands.send(new ChangeConversationState(conversationId, jwt.getSubject(), request.archived(), request.pinned(),
                RequestTime.now())).then();
    }
}
