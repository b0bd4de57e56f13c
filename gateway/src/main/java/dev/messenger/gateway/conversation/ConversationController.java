package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.AddParticipant;
import dev.messenger.command.conversation.AddedParticipant;
import dev.messenger.command.conversation.ConversationLimits;
import dev.messenger.command.conversation.RemoveParticipant;
import dev.messenger.command.conversation.StartConversation;
import dev.messenger.command.conversation.StartedConversation;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.gateway.web.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Conversations")
public class ConversationController {

    private final Commands commands;

    public ConversationController(Commands commands) {
        this.commands = commands;
    }

    public record StartRequest(
            @NotNull @Pattern(regexp = "direct|group", message = "direct or group") String type,
            @Size(max = ConversationLimits.MAX_TITLE_LENGTH, message = "at most 200 characters") @dev.messenger.gateway.web.DisplayText String title,
            @NotNull @Size(max = ConversationLimits.MAX_OTHER_PARTICIPANTS, message = "at most 1023 other participants")
            List<@NotBlank @Size(max = 64) String> participants,
            Boolean e2ee) {
    }

    /**
     * {@code request}: a direct chat the other side has not accepted yet (a message request, for them);
     * {@code invitations}: those asked for whose privacy setting made them invitations, not members (their answer awaited).
     */
    public record ConversationView(String conversationId, String type, String title, List<String> participants, Instant createdAt,
                                   boolean e2ee, boolean request, List<InvitationView> invitations) {
        static ConversationView of(StartedConversation started) {
            return new ConversationView(started.conversationId(), started.type().name().toLowerCase(Locale.ROOT),
                    started.title(), started.participants(), started.startedAt(), started.e2ee(), started.requestFor() != null,
                    started.invitations().entrySet().stream().map(entry -> new InvitationView(entry.getValue(), entry.getKey())).toList());
        }
    }

    public record InvitationView(String invitationId, String userId) {
    }

    public record ParticipantRequest(@NotBlank @Size(max = 64) String userId) {
    }

    @PostMapping("/conversations")
    @Operation(summary = "Start a direct or group conversation; a direct one between the same two users is unique (200 with the existing one)",
            description = "The caller is always a participant. Participants must be registered users (400 otherwise). "
                    + "A group created with an Idempotency-Key is created once for that key; repeating it returns the group (200). "
                    + "A group with someone who blocks the caller, or whom the caller blocks, is 403 .../blocked. "
                    + "With e2ee true the conversation is end-to-end encrypted: its messages are sent as ciphertexts (one envelope per "
                    + "recipient device), a body is refused, and nothing the server stores can be read by it. A pair has one direct "
                    + "conversation: asking again returns it as it was started (see e2ee in the answer). "
                    + "A participant whose privacy setting (groupAdds) does not let the caller add them is invited instead: "
                    + "listed in invitations [{invitationId, userId}], a member once they accept.")
    @ApiResponse(responseCode = "201", description = "started")
    @ApiResponse(responseCode = "200", description = "the direct conversation the two already have")
    public Mono<ResponseEntity<ConversationView>> start(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody StartRequest request,
                                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        ConversationType type = request.type().equals("direct") ? ConversationType.DIRECT : ConversationType.GROUP;
        StartConversation command = StartConversation.requested(type, request.title(), jwt.getSubject(), request.participants(),
                idempotencyKey, RequestTime.now(), Boolean.TRUE.equals(request.e2ee()));
        return commands.<StartedConversation>send(command)
                .map(started -> ResponseEntity.status(started.existing() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(ConversationView.of(started)));
    }

    @PostMapping("/conversations/{conversationId}/participants")
    @Operation(summary = "Add a registered user to a group (its admins only; adding a member again changes nothing): 204, or 202 {invitationId}",
            description = "204: added. 202 {\"invitationId\"}: the user's privacy setting (groupAdds) does not let the caller add "
                    + "them, so they are invited instead and join when they accept (asking again gives the same invitation). "
                    + "403 for a member who is not an admin; 403 .../blocked when the new participant and any member block one "
                    + "another; 404 for a conversation the caller is not in. member.added on every member's stream and in history.")
    @ApiResponse(responseCode = "204", description = "added")
    @ApiResponse(responseCode = "202", description = "invited: those who accept invitations only from their contacts get one (its ids in the body)")
    public Mono<ResponseEntity<Object>> add(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId,
                                            @Valid @RequestBody ParticipantRequest request) {
        return commands.<AddedParticipant>send(new AddParticipant(conversationId, request.userId(), jwt.getSubject(), RequestTime.now()))
                .map(added -> added.invited()
                        ? ResponseEntity.status(HttpStatus.ACCEPTED).<Object>body(java.util.Map.of("invitationId", added.invitationId()))
                        : ResponseEntity.noContent().build());
    }

    @DeleteMapping("/conversations/{conversationId}/participants/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Leave a group (userId = caller) or, as one of its admins, remove a member",
            description = "Nobody removes the owner (403); a member who is not an admin removes nobody (403). When the owner "
                    + "leaves, the longest-standing admin becomes owner, else the longest-standing member. member.left or "
                    + "member.removed on every member's stream and in history.")
    public Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        return commands.send(new RemoveParticipant(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }
}
