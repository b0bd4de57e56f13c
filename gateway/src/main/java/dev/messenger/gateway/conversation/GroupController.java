package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.ChangeGroupDetails;
import dev.messenger.command.conversation.ConversationLimits;
import dev.messenger.command.conversation.DemoteAdmin;
import dev.messenger.command.conversation.PromoteToAdmin;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.PathIds;
import dev.messenger.gateway.web.DisplayText;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.media.MediaStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A group's admins, name, description and picture: what only its admins change. */
@RestController
@Tag(name = "Conversations")
public class GroupController {

    private final Commands commands;
    private final MediaStore media;

    public GroupController(Commands commands, MediaStore media) {
        this.commands = commands;
        this.media = media;
    }

    public record DetailsRequest(
            @Size(max = ConversationLimits.MAX_TITLE_LENGTH, message = "at most 200 characters") @DisplayText String title,
            @Size(max = ConversationLimits.MAX_DESCRIPTION_LENGTH, message = "at most 1000 characters") String description,
            @Size(max = PathIds.MAX_LENGTH, message = "at most 128 characters") String pictureMediaId) {
    }

    @PatchMapping("/conversations/{conversationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change a group's title, description or picture (its admins only): {\"title\"?, \"description\"?, \"pictureMediaId\"?}",
            description = "A field left out stays as it is; an empty description or pictureMediaId removes it. The picture is an "
                    + "image the caller uploaded (else 404); the group's members may then read it. Each change is a service item "
                    + "in history and on every member's stream (conversation.renamed, conversation.description.changed, "
                    + "conversation.picture.changed). 403 for a member who is not an admin; 400 for a direct conversation; 404 for "
                    + "a conversation the caller is not in.")
    public Mono<Void> change(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @Valid @RequestBody DetailsRequest request) {
        PathIds.requireShort(conversationId);
        if (request.title() == null && request.description() == null && request.pictureMediaId() == null) {
            return Mono.error(ApiProblem.badRequest("give title, description, pictureMediaId or several"));
        }
        String caller = jwt.getSubject();
        Mono<Void> pictureIsTheCallersImage = request.pictureMediaId() == null || request.pictureMediaId().isEmpty() ? Mono.empty()
                : media.find(request.pictureMediaId())
                        .filter(stored -> stored.uploaderId().equals(caller) && stored.contentType().startsWith("image/"))
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such image among your uploads")))
                        .then();
        return pictureIsTheCallersImage.then(commands.send(new ChangeGroupDetails(conversationId, caller, request.title(),
                request.description(), request.pictureMediaId(), RequestTime.now()))).then();
    }

    @PutMapping("/conversations/{conversationId}/admins/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Make a member of a group one of its admins (admins only; an admin again changes nothing)",
            description = "Admins add and remove members, change the group's name, description and picture, pin messages and "
                    + "promote or demote others. 403 for a member who is not an admin; 400 when userId is not a member or the "
                    + "conversation is direct; 404 for a conversation the caller is not in. role.changed on every member's stream.")
    public Mono<Void> promote(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        PathIds.requireShort(conversationId, userId);
        return commands.send(new PromoteToAdmin(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }

    @DeleteMapping("/conversations/{conversationId}/admins/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Make an admin of a group a member again (admins only; an admin may step down)",
            description = "The owner stays an admin (403). Demoting a member changes nothing. When the owner leaves, the "
                    + "longest-standing admin becomes owner, else the longest-standing member.")
    public Mono<Void> demote(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        PathIds.requireShort(conversationId, userId);
        return commands.send(new DemoteAdmin(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }
}
