package dev.messenger.gateway.reaction;

import dev.messenger.command.conversation.AddReaction;
import dev.messenger.command.conversation.RemoveReaction;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Reactions")
public class ReactionController {

    private final Commands commands;

    public ReactionController(Commands commands) {
        this.commands = commands;
    }

    public record ReactionRequest(@NotBlank @Size(max = 128) String conversationId, @NotBlank @Size(max = 128) String messageId,
                                  @NotBlank @Size(max = 32) String emoji) {
    }

    @PostMapping("/reactions/add")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "React with one emoji (a single emoji grapheme, else 400); repeating it changes nothing; 409 on a deleted message")
    public Mono<Void> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ReactionRequest request) {
        return commands.send(new AddReaction(request.conversationId(), request.messageId(), jwt.getSubject(), request.emoji(),
                RequestTime.now())).then();
    }

    @PostMapping("/reactions/remove")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Take back a reaction; removing one that is not there changes nothing")
    public Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ReactionRequest request) {
        return commands.send(new RemoveReaction(request.conversationId(), request.messageId(), jwt.getSubject(), request.emoji(),
                RequestTime.now())).then();
    }
}
