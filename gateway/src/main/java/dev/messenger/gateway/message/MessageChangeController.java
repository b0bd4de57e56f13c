package dev.messenger.gateway.message;

import dev.messenger.command.conversation.DeleteMessage;
import dev.messenger.command.conversation.ConversationLimits;
import dev.messenger.command.conversation.EditMessage;
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
@Tag(name = "Messages")
public class MessageChangeController {

    private final Commands commands;

    public MessageChangeController(Commands commands) {
        this.commands = commands;
    }

    public record EditRequest(@NotBlank @Size(max = 128) String conversationId, @NotBlank @Size(max = 128) String messageId,
                              @NotBlank @Size(max = ConversationLimits.MAX_BODY_LENGTH, message = "1 to 4000 characters") String body) {
    }

    public record DeleteRequest(@NotBlank @Size(max = 128) String conversationId, @NotBlank @Size(max = 128) String messageId) {
    }

    @PostMapping("/messages/edit")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Replace a message's body (sender only: 403 for others; 409 once deleted)")
    public Mono<Void> edit(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody EditRequest request) {
        return commands.send(new EditMessage(request.conversationId(), request.messageId(), jwt.getSubject(), request.body(),
                RequestTime.now())).then();
    }

    @PostMapping("/messages/delete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a message (sender only): history keeps a tombstone, the body leaves every read model and feed",
            description = "Deleting a deleted message again changes nothing (204).")
    public Mono<Void> delete(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DeleteRequest request) {
        return commands.send(new DeleteMessage(request.conversationId(), request.messageId(), jwt.getSubject(), RequestTime.now()))
                .then();
    }
}
