package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.AcceptInvitation;
import dev.messenger.command.conversation.DeclineInvitation;
import dev.messenger.events.ConversationIds;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.query.conversation.AdmissionQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Invitations to groups: what an admin's add becomes when the person's privacy setting ({@code groupAdds}) does not let
 * that admin add them. The invited person lists, accepts and declines them; nobody else sees them.
 */
@RestController
@Tag(name = "Conversations")
public class InvitationController {

    private final Commands commands;
    private final AdmissionQueries admissions;

    public InvitationController(Commands commands, AdmissionQueries admissions) {
        this.commands = commands;
        this.admissions = admissions;
    }

    public record InvitationList(List<AdmissionQueries.Invitation> invitations) {
    }

    @GetMapping("/invitations")
    @Operation(summary = "The caller's invitations to groups waiting for an answer, newest first (at most 200)",
            description = "Each: invitationId, conversationId, title (the group's name now), invitedBy, createdAt. "
                    + "invitation.received on the caller's stream when one arrives.")
    public Mono<InvitationList> invitations(@AuthenticationPrincipal Jwt jwt) {
        return admissions.findInvitations(jwt.getSubject()).map(InvitationList::new);
    }

    @PostMapping("/invitations/{invitationId}/accept")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Accept an invitation: the caller joins the group (accepting again, once in, changes nothing)",
            description = "404 for an invitation that is not the caller's, or was declined. 409 when the group is full; 403 .../blocked "
                    + "when the caller and a member block one another. member.added on every member's stream and in history.")
    public Mono<Void> accept(@AuthenticationPrincipal Jwt jwt, @PathVariable String invitationId) {
        return commands.send(new AcceptInvitation(groupOf(invitationId), invitationId, jwt.getSubject(), RequestTime.now())).then();
    }

    @PostMapping("/invitations/{invitationId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Decline an invitation; whoever invited the caller is told (invitation.declined) and may invite them again",
            description = "404 for an invitation that is not the caller's (or no longer waits).")
    public Mono<Void> decline(@AuthenticationPrincipal Jwt jwt, @PathVariable String invitationId) {
        return commands.send(new DeclineInvitation(groupOf(invitationId), invitationId, jwt.getSubject(), RequestTime.now())).then();
    }

    /** An invitation's id names its group; anything else is no invitation of anyone's. */
    private static String groupOf(String invitationId) {
        return ConversationIds.groupOfCode(invitationId).orElseThrow(() -> ApiProblem.notFound("no such invitation"));
    }
}
