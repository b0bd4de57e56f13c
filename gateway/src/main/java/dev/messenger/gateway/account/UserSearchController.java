package dev.messenger.gateway.account;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.query.block.BlockQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Finding people by the start of their username or display name, to start a chat with them. Bounded against
 * enumeration: at least three characters, at most 20 answers a request, rate-limited as lookups; nobody who blocks the
 * caller is found, nor a deleted account, nor the caller.
 */
@RestController
@Tag(name = "Accounts and tokens")
public class UserSearchController {

    static final int MIN_QUERY = 3;
    static final int MAX_QUERY = 64;
    static final int MAX_LIMIT = 20;

    private final AccountRepository accounts;
    private final BlockQueries blocks;

    public UserSearchController(AccountRepository accounts, BlockQueries blocks) {
        this.accounts = accounts;
        this.blocks = blocks;
    }

    @GetMapping("/users/search")
    @Operation(summary = "People whose username or display name starts with q (3-64 characters, any case); limit 1-20 (10)",
            description = "The exact username first, then by username. Leaves out the caller, deleted accounts and anyone who "
                    + "blocks the caller. The same profile fields as /users/lookup.")
    public Mono<AccountController.UsersView> search(@AuthenticationPrincipal Jwt jwt, @RequestParam String q,
                                                    @RequestParam(defaultValue = "10") int limit) {
        String query = q.strip();
        if (query.length() < MIN_QUERY || query.length() > MAX_QUERY) {
            return Mono.error(ApiProblem.badRequest("q: " + MIN_QUERY + " to " + MAX_QUERY + " characters"));
        }
        if (query.chars().anyMatch(Character::isISOControl)) {
            return Mono.error(ApiProblem.badRequest("q holds control characters"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT));
        }
        String caller = jwt.getSubject();
        return accounts.findByNamePrefix(query, limit, caller)
                .flatMap(found -> blocks.findBlockersAmong(caller, found.stream().map(Account::userId).toList())
                        .map(blockers -> new AccountController.UsersView(found.stream()
                                .filter(account -> !blockers.contains(account.userId()))
                                .map(AccountController.UserView::of)
                                .toList())));
    }
}
