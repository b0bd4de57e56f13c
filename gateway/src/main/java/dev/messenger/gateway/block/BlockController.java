package dev.messenger.gateway.block;

import dev.messenger.command.conversation.BlockUser;
import dev.messenger.command.conversation.UnblockUser;
import dev.messenger.events.ConversationIds;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.query.block.BlockQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Blocking, privacy, presence")
public class BlockController {

    private final Commands commands;
    private final AccountRepository accounts;
    private final BlockQueries blocks;

    public BlockController(Commands commands, AccountRepository accounts, BlockQueries blocks) {
        this.commands = commands;
        this.accounts = accounts;
        this.blocks = blocks;
    }

    public record BlockRequest(@NotBlank @Size(max = 64) String userId) {
    }

    public record BlockedView(List<String> blocked) {
    }

    @PostMapping("/users/block")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Block a user: once this returns, neither of you can send in your direct conversation (403 .../blocked)",
            description = "Also: they cannot add you to a group and neither sees the other's presence. Existing groups stay shared.")
    public Mono<Void> block(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody BlockRequest request) {
        String caller = jwt.getSubject();
        return requireUser(request.userId())
                .then(commands.send(new BlockUser(ConversationIds.direct(caller, request.userId()), caller, request.userId(),
                        RequestTime.now())))
                .then();
    }

    @PostMapping("/users/unblock")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift your block of a user (unblocking someone not blocked changes nothing)")
    public Mono<Void> unblock(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody BlockRequest request) {
        String caller = jwt.getSubject();
        return commands.send(new UnblockUser(ConversationIds.direct(caller, request.userId()), caller, request.userId(), RequestTime.now()))
                .onErrorResume(AggregateNotFoundException.class, e -> Mono.empty())
                .then();
    }

    @GetMapping("/users/blocked")
    @Operation(summary = "The users the caller blocks")
    public Mono<BlockedView> blocked(@AuthenticationPrincipal Jwt jwt) {
        return blocks.findBlockedBy(jwt.getSubject()).map(BlockedView::new);
    }

    private Mono<Void> requireUser(String userId) {
        return accounts.existing(Set.of(userId))
                .flatMap(found -> found.contains(userId) ? Mono.<Void>empty() : Mono.error(ApiProblem.notFound("no such user")));
    }
}
