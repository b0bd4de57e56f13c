package dev.messenger.gateway.session;

import dev.messenger.gateway.account.AccountController;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.gateway.security.RevokedSessionCheck;
import dev.messenger.gateway.security.TokenService;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.ClientAddress;
import dev.messenger.gateway.web.RateLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Renewing tokens, signing out, and the caller's sessions (each a sign-in on some device or browser). */
@RestController
@Tag(name = "Sessions")
public class SessionController {

    private final Sessions sessions;
    private final RevokedSessions revoked;
    private final AccountRepository accounts;
    private final TokenService tokens;
    private final RateLimits limits;
    private final ClientAddress clientAddress;

    public SessionController(Sessions sessions, RevokedSessions revoked, AccountRepository accounts, TokenService tokens,
                             RateLimits limits, ClientAddress clientAddress) {
        this.sessions = sessions;
        this.revoked = revoked;
        this.accounts = accounts;
        this.tokens = tokens;
        this.limits = limits;
        this.clientAddress = clientAddress;
    }

    /** Unauthenticated: bounded, and a session id plus 256 random bits cannot be guessed. */
    public record RefreshRequest(@NotBlank @Size(max = 200, message = "at most 200 characters") String refresh_token) {
    }

    @PostMapping("/auth/refresh")
    @Operation(summary = "Exchange a refresh token for a new access token and the session's next refresh token",
            description = "Each refresh token is good for one exchange. One presented a second time means it was copied: its "
                    + "session is signed out (401, type refresh-token-reused), the access tokens issued for it stop working within "
                    + "seconds on every node, and its streams close. An unknown, expired or revoked token: 401 (invalid-refresh-token). "
                    + "Clients that share a session between tabs must let one tab refresh at a time.")
    public Mono<Map<String, Object>> refresh(@Valid @RequestBody RefreshRequest request, ServerHttpRequest http) {
        return limits.check("refresh-address", clientAddress.of(http))
                .then(Mono.fromCallable(() -> sessions.refresh(request.refresh_token())).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(this::answer);
    }

    private Mono<Map<String, Object>> answer(Sessions.Refresh outcome) {
        if (outcome instanceof Sessions.Refresh.Rotated rotated) {
            Sessions.Issued issued = rotated.issued();
            return accounts.findById(issued.userId())
                    .switchIfEmpty(Mono.error(SessionController::invalid))
                    .map(account -> AccountController.tokenResponse(
                            tokens.issue(account.userId(), account.username(), account.admin(), issued.sessionId()), issued.refreshToken()));
        }
        if (outcome instanceof Sessions.Refresh.Reused reused) {
            revoked.markRevoked(List.of(reused.sessionId()));
            return Mono.error(new ApiProblem(HttpStatus.UNAUTHORIZED, "refresh-token-reused",
                    "this refresh token was used before: its session is signed out; sign in again"));
        }
        return Mono.error(invalid());
    }

    private static ApiProblem invalid() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "the refresh token is not valid: sign in again");
    }

    @PostMapping("/auth/logout")
    @Operation(summary = "Sign out the session of the access token used: its refresh token and access tokens stop working, its streams close")
    @ApiResponse(responseCode = "204", description = "signed out")
    public Mono<ResponseEntity<Void>> logout(@AuthenticationPrincipal Jwt jwt) {
        String sessionId = jwt.getClaimAsString(RevokedSessionCheck.SESSION_CLAIM);
        if (sessionId == null) {
            return Mono.just(ResponseEntity.noContent().build()); // a token of no session: nothing to sign out, it only expires
        }
        return revoke(jwt.getSubject(), sessionId).thenReturn(ResponseEntity.noContent().build());
    }

    public record SessionView(String sessionId, Instant createdAt, Instant lastUsedAt, String userAgent, boolean current) {
    }

    public record SessionsView(List<SessionView> sessions) {
    }

    @GetMapping("/sessions")
    @Operation(summary = "The caller's signed-in sessions, most recently used first",
            description = "lastUsedAt is when the session last signed in or renewed its token (every few minutes while in use); "
                    + "current marks the session of the token used.")
    public Mono<SessionsView> list(@AuthenticationPrincipal Jwt jwt) {
        String current = jwt.getClaimAsString(RevokedSessionCheck.SESSION_CLAIM);
        return Mono.fromCallable(() -> sessions.live(jwt.getSubject())).subscribeOn(Schedulers.boundedElastic())
                .map(found -> new SessionsView(found.stream().map(s -> new SessionView(s.sessionId(), s.createdAt(), s.lastUsedAt(),
                        s.userAgent(), s.sessionId().equals(current))).toList()));
    }

    @DeleteMapping("/sessions/{sessionId}")
    @Operation(summary = "Sign out one of the caller's sessions (404 when the caller has no such session)")
    @ApiResponse(responseCode = "204", description = "signed out")
    public Mono<ResponseEntity<Void>> signOut(@AuthenticationPrincipal Jwt jwt, @PathVariable String sessionId) {
        if (sessionId.length() > 64) {
            return Mono.error(ApiProblem.notFound("no such session"));
        }
        return revoke(jwt.getSubject(), sessionId).thenReturn(ResponseEntity.noContent().build());
    }

    @DeleteMapping("/sessions")
    @Operation(summary = "Sign out everywhere else: every session of the caller but the current one")
    @ApiResponse(responseCode = "204", description = "every other session signed out")
    public Mono<ResponseEntity<Void>> signOutOthers(@AuthenticationPrincipal Jwt jwt) {
        String current = jwt.getClaimAsString(RevokedSessionCheck.SESSION_CLAIM);
        return Mono.fromCallable(() -> sessions.revokeAllBut(jwt.getSubject(), current)).subscribeOn(Schedulers.boundedElastic())
                .doOnNext(revoked::markRevoked)
                .thenReturn(ResponseEntity.noContent().build());
    }

    private Mono<String> revoke(String userId, String sessionId) {
        return Mono.fromCallable(() -> sessions.revoke(userId, sessionId).orElse(null)).subscribeOn(Schedulers.boundedElastic())
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such session")))
                .doOnNext(id -> revoked.markRevoked(List.of(id)));
    }
}
