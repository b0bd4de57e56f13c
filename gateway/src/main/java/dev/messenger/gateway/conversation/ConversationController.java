package dev.messenger.gateway.conversation;

import dev.messenger.command.conversation.AddParticipant;
import dev.messenger.command.conversation.RemoveParticipant;
import dev.messenger.command.conversation.StartConversation;
import dev.messenger.command.conversation.StartedConversation;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.query.block.BlockQueries;
import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.gateway.web.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
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
    private final AccountRepository accounts;
    private final BlockQueries blocks;
    private final ConversationQueries conversations;

    public ConversationController(Commands commands, AccountRepository accounts, BlockQueries blocks, ConversationQueries conversations) {
        this.commands = commands;
        this.accounts = accounts;
        this.blocks = blocks;
        this.conversations = conversations;
    }

    public record StartRequest(
            @NotNull @Pattern(regexp = "direct|group", message = "direct or group") String type,
            @Size(max = 200, message = "at most 200 characters") @dev.messenger.gateway.web.DisplayText String title,
            @NotNull @Size(max = 1023, message = "at most 1023 other participants") List<@NotBlank @Size(max = 64) String> participants,
            Boolean e2ee) {
    }

    public record ConversationView(String conversationId, String type, String title, List<String> participants, Instant createdAt,
                                   boolean e2ee) {
        static ConversationView of(StartedConversation started) {
            return new ConversationView(started.conversationId(), started.type().name().toLowerCase(Locale.ROOT),
                    started.title(), started.participants(), started.startedAt(), started.e2ee());
        }
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
                    + "conversation: asking again returns it as it was started (see e2ee in the answer).")
    public Mono<ResponseEntity<ConversationView>> start(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody StartRequest request,
                                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String caller = jwt.getSubject();
        Set<String> others = new LinkedHashSet<>(request.participants());
        others.remove(caller);
        boolean direct = request.type().equals("direct");
        if (direct && others.size() != 1) {
            return Mono.error(ApiProblem.badRequest("a direct conversation has exactly one other participant"));
        }
        if (!direct && (request.title() == null || request.title().isBlank())) {
            return Mono.error(ApiProblem.badRequest("a group needs a title"));
        }
        IdempotencyKeys.check(idempotencyKey);
        String conversationId = direct
                ? ConversationIds.direct(caller, others.iterator().next())
                : idempotencyKey == null ? ConversationIds.newGroup()
                : "g-" + UUID.nameUUIDFromBytes((caller + "\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        StartConversation command = new StartConversation(conversationId, direct ? ConversationType.DIRECT : ConversationType.GROUP,
                request.title(), caller, List.copyOf(others), RequestTime.now(), Boolean.TRUE.equals(request.e2ee()));
        // a group may not bring together two people of whom one blocks the other (a direct pair's own block is
        // checked by its aggregate)
        Mono<Void> unblocked = direct ? Mono.empty() : blocks.findBlockRelations(caller, others).flatMap(blocked -> blocked.isEmpty()
                ? Mono.<Void>empty()
                : Mono.error(new ApiProblem(HttpStatus.FORBIDDEN, "blocked", "you and a participant block one another")));
        return requireUsers(others)
                .then(unblocked)
                .then(commands.<StartedConversation>send(command))
                .map(started -> ResponseEntity.status(started.existing() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(ConversationView.of(started)));
    }

    @PostMapping("/conversations/{conversationId}/participants")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Add a registered user to a group (members only; adding a member again changes nothing)",
            description = "403 .../blocked when the new participant and any member block one another; 404 for a "
                    + "conversation the caller is not in.")
    public Mono<Void> add(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId,
                          @Valid @RequestBody ParticipantRequest request) {
        String caller = jwt.getSubject();
        String added = request.userId();
        // Checked against the members the read model knows, and only for a caller it knows as one of them, so that
        // an outsider learns nothing about who blocks whom (the aggregate answers them 404). A member added a
        // moment ago, not yet in the read model, goes straight to the aggregate.
        Mono<Void> unblocked = conversations.findConversation(conversationId)
                .filter(conversation -> conversation.hasParticipant(caller))
                .flatMap(conversation -> blocks.findBlockRelations(added, conversation.participants().stream()
                        .filter(member -> !member.equals(added)).toList()))
                .flatMap(blocked -> blocked.isEmpty()
                        ? Mono.<Void>empty()
                        : Mono.error(new ApiProblem(HttpStatus.FORBIDDEN, "blocked", "the new participant and a member block one another")));
        return requireUsers(Set.of(added))
                .then(unblocked)
                .then(commands.send(new AddParticipant(conversationId, added, caller, RequestTime.now())))
                .then();
    }

    @DeleteMapping("/conversations/{conversationId}/participants/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Leave a group (userId = caller) or, as the group's creator, remove a member")
    public Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @PathVariable String userId) {
        return commands.send(new RemoveParticipant(conversationId, userId, jwt.getSubject(), RequestTime.now())).then();
    }

    private Mono<Void> requireUsers(Set<String> userIds) {
        return accounts.existing(userIds).flatMap(found -> found.containsAll(userIds)
                ? Mono.<Void>empty()
                : Mono.error(ApiProblem.badRequest("unknown user: " + userIds.stream().filter(id -> !found.contains(id)).findFirst().orElse(""))));
    }
}
