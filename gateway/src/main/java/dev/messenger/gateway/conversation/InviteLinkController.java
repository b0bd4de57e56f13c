package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.ApproveJoinRequest;
import dev.messenger.command.conversation.CreateInviteLink;
import dev.messenger.command.conversation.DeclineJoinRequest;
import dev.messenger.command.conversation.JoinByInviteLink;
import dev.messenger.command.conversation.JoinOutcome;
import dev.messenger.command.conversation.RevokeInviteLink;
import dev.messenger.events.ConversationIds;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.PathIds;
import dev.messenger.gateway.web.IdempotencyKeys;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.query.conversation.AdmissionQueries;
import dev.messenger.query.conversation.ConversationDetails;
import dev.messenger.query.conversation.ConversationQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Invite links to groups, and the requests to join through those that need an admin's approval. A link's code is
 * 128 random bits after the group's id (base64url), so whoever holds it reaches the group, and nobody guesses one.
 */
@RestController
@Tag(name = "Conversations")
public class InviteLinkController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Commands commands;
    private final AdmissionQueries admissions;
    private final ConversationQueries conversations;

    public InviteLinkController(Commands commands, AdmissionQueries admissions, ConversationQueries conversations) {
        this.commands = commands;
        this.admissions = admissions;
        this.conversations = conversations;
    }

    public record LinkRequest(Boolean approval) {
    }

    public record CreatedLink(String code, boolean approval) {
    }

    @PostMapping("/conversations/{conversationId}/invite-links")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make an invite link to a group (its admins only): {\"approval\"?: bool} → 201 {code}",
            description = "Whoever holds the code joins with POST /invite-links/{code}/join; with approval true that is a request an "
                    + "admin approves. At most 100 links at once (409). The same Idempotency-Key gives the same link. 403 for a member "
                    + "who is not an admin; 400 for a direct conversation; 404 for a conversation the caller is not in.")
    public Mono<CreatedLink> create(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId,
                                    @RequestBody(required = false) LinkRequest request,
                                    @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        PathIds.requireShort(conversationId);
        String caller = jwt.getSubject();
        if (!ConversationIds.isGroup(conversationId)) {
            // a direct chat, or nothing: the aggregate answers which (400 or 404) before it reads the code
            return commands.<String>send(new CreateInviteLink(conversationId, "", false, caller, null, RequestTime.now()))
                    .map(code -> new CreatedLink(code, false));
        }
        boolean approval = request != null && Boolean.TRUE.equals(request.approval());
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String requestKey = idempotencyKey == null ? null : sha256(caller + "\n" + idempotencyKey);
        return commands.<String>send(new CreateInviteLink(conversationId, ConversationIds.groupCode(conversationId, secret), approval, caller,
                        requestKey, RequestTime.now()))
                .flatMap(code -> admissions.findInviteLinks(conversationId)
                        .map(links -> links.stream().filter(link -> link.code().equals(code)).findFirst()
                                .map(AdmissionQueries.InviteLink::approval).orElse(approval))
                        .map(storedApproval -> new CreatedLink(code, storedApproval)));
    }

    public record LinkList(List<AdmissionQueries.InviteLink> inviteLinks) {
    }

    @GetMapping("/conversations/{conversationId}/invite-links")
    @Operation(summary = "A group's live invite links (its admins only), oldest first: [{code, approval, createdBy, createdAt}]")
    public Mono<LinkList> links(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        PathIds.requireShort(conversationId);
        return requireAdmin(conversationId, jwt.getSubject()).then(admissions.findInviteLinks(conversationId)).map(LinkList::new);
    }

    @DeleteMapping("/conversations/{conversationId}/invite-links/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an invite link (its group's admins only): nobody joins by it any more",
            description = "Requests to join made through it before stay for the admins to answer. 404 for a code the group does not have.")
    public Mono<Void> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String code) {
        PathIds.requireShort(conversationId, code);
        return commands.send(new RevokeInviteLink(conversationId, code, jwt.getSubject(), RequestTime.now())).then();
    }

    @GetMapping("/invite-links/{code}")
    @Operation(summary = "What a live invite link leads to, for whoever holds it: {conversationId, title, description, memberCount, approval}",
            description = "404 for a code that is unknown or revoked. Nothing else of the group (members, messages) is shown before joining.")
    public Mono<AdmissionQueries.LinkPreview> preview(@PathVariable String code) {
        PathIds.requireShort(code);
        return admissions.findLinkPreview(code).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such invite link")));
    }

    public record Joined(String conversationId, String status) {
    }

    @PostMapping("/invite-links/{code}/join")
    @Operation(summary = "Join a group by an invite link: 200 {conversationId} (a member now, or already), or 202 (waiting for an admin)",
            description = "With a link that needs approval the join is a request the group's admins see (join.requested on their "
                    + "streams, GET /conversations/{id}/join-requests) and approve or decline; asking again while it waits is 202 "
                    + "again. 404 for a code that is unknown or revoked; 409 when the group is full; 403 .../blocked when the caller "
                    + "and a member block one another. Joining needs no invitation, whatever the caller's groupAdds setting: they asked.")
    @ApiResponse(responseCode = "200", description = "joined")
    @ApiResponse(responseCode = "202", description = "asked to join: an admin approves")
    public Mono<ResponseEntity<Joined>> join(@AuthenticationPrincipal Jwt jwt, @PathVariable String code) {
        PathIds.requireShort(code);
        String conversationId = ConversationIds.groupOfCode(code).orElseThrow(() -> ApiProblem.notFound("no such invite link"));
        return commands.<JoinOutcome>send(new JoinByInviteLink(conversationId, code, jwt.getSubject(), RequestTime.now()))
                .map(outcome -> outcome == JoinOutcome.JOINED
                        ? ResponseEntity.ok(new Joined(conversationId, "joined"))
                        : ResponseEntity.status(HttpStatus.ACCEPTED).body(new Joined(conversationId, "awaiting-approval")));
    }

    public record JoinRequestList(List<AdmissionQueries.JoinRequest> joinRequests) {
    }

    @GetMapping("/conversations/{conversationId}/join-requests")
    @Operation(summary = "Requests to join a group waiting for an admin (its admins only), oldest first: [{userId, requestedAt}]")
    public Mono<JoinRequestList> joinRequests(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        PathIds.requireShort(conversationId);
        return requireAdmin(conversationId, jwt.getSubject()).then(admissions.findJoinRequests(conversationId)).map(JoinRequestList::new);
    }

    @PostMapping("/conversations/{conversationId}/join-requests/{userId}/approve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Approve a request to join (the group's admins only): the user becomes a member",
            description = "404 when the user did not ask (approving someone already in changes nothing); 409 when the group is full.")
    public Mono<Void> approve(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        PathIds.requireShort(conversationId, userId);
        return commands.send(new ApproveJoinRequest(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }

    @PostMapping("/conversations/{conversationId}/join-requests/{userId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Decline a request to join (the group's admins only); the user is told (join.declined) and may ask again",
            description = "404 when the user did not ask.")
    public Mono<Void> declineJoin(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        PathIds.requireShort(conversationId, userId);
        return commands.send(new DeclineJoinRequest(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }

    /** A member of the group (else 404, as for any conversation one is not in) who is one of its admins (else 403). */
    private Mono<ConversationDetails> requireAdmin(String conversationId, String userId) {
        return conversations.findConversationDetails(conversationId)
                .filter(details -> details.summary().hasParticipant(userId))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such conversation")))
                .flatMap(details -> {
                    if (!"group".equals(details.summary().type())) {
                        return Mono.error(ApiProblem.badRequest("a direct conversation has no invite links or requests to join"));
                    }
                    boolean admin = details.members().stream()
                            .anyMatch(member -> member.userId().equals(userId) && !"member".equals(member.role()));
                    return admin ? Mono.just(details) : Mono.error(ApiProblem.forbidden("only the group's admins see this"));
                });
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
