package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.AcceptMessageRequest;
import dev.messenger.command.conversation.BlockUser;
import dev.messenger.command.conversation.DeclineMessageRequest;
import dev.messenger.command.conversation.ReportConversation;
import dev.messenger.events.ConversationIds;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.PathIds;
import dev.messenger.gateway.web.Membership;
import dev.messenger.gateway.web.RequestTime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Accepting and declining message requests. */
@RestController
@Tag(name = "Conversations")
public class MessageRequestController {

    /** What a report made by declining says. */
    static final String DECLINED_REQUEST = "unwanted message request";

    private final Commands commands;
    private final Membership membership;

    public MessageRequestController(Commands commands, Membership membership) {
        this.commands = commands;
        this.membership = membership;
    }

    public record DeclineRequest(Boolean block, Boolean report) {
    }

    @PostMapping("/conversations/{conversationId}/accept")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Accept a message request: it joins the caller's inbox; accepting what is no request changes nothing",
            description = "Replying, or starting the chat oneself, accepts it too. 404 for a conversation the caller is not in.")
    public Mono<Void> accept(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        PathIds.requireShort(conversationId);
        return commands.send(new AcceptMessageRequest(conversationId, jwt.getSubject(), RequestTime.now())).then();
    }

    @PostMapping("/conversations/{conversationId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Decline a message request: {\"block\"?: bool, \"report\"?: bool}",
            description = "It leaves the caller's requests; its starter is not told, and what they send stays out of sight unless the "
                    + "caller opens the chat with them. block also blocks them; report reports the conversation to the operators. "
                    + "409 for a conversation that is no request of the caller's; 404 for one they are not in.")
    public Mono<Void> decline(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId,
                              @RequestBody(required = false) DeclineRequest request) {
        PathIds.requireShort(conversationId);
        String caller = jwt.getSubject();
        Instant now = RequestTime.now();
        boolean block = request != null && Boolean.TRUE.equals(request.block());
        boolean report = request != null && Boolean.TRUE.equals(request.report());
        return commands.send(new DeclineMessageRequest(conversationId, caller, now))
                .then(Mono.defer(() -> report
                        ? commands.send(new ReportConversation(conversationId, "r-" + UUID.randomUUID(), caller, null, DECLINED_REQUEST, null, now))
                        : Mono.empty()))
                .then(Mono.defer(() -> block ? membership.requireParticipant(conversationId, caller)
                        .flatMap(c -> c.participants().stream().filter(p -> !p.equals(caller)).findFirst()
                                .map(other -> commands.send(new BlockUser(ConversationIds.direct(caller, other), caller, other, now)))
                                .orElse(Mono.empty()))
                        : Mono.empty()))
                .then();
    }
}
