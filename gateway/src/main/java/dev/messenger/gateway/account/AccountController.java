package dev.messenger.gateway.account;

import dev.messenger.gateway.security.RevokedSessionCheck;
import dev.messenger.gateway.security.TokenService;
import dev.messenger.gateway.session.RevokedSessions;
import dev.messenger.gateway.session.Sessions;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.query.privacy.PrivacyQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@Tag(name = "Accounts and tokens")
public class AccountController {

    /** Compared against when the username is unknown, so timing does not tell which usernames exist. */
    private final String decoyHash;
    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final TokenService tokens;
    private final PrivacyQueries privacy;

    private final dev.messenger.gateway.web.RateLimits limits;
    private final dev.messenger.gateway.web.ClientAddress clientAddress;
    private final Sessions sessions;
    private final RevokedSessions revokedSessions;
    private final AccountErasure erasure;

    public AccountController(AccountRepository accounts, PasswordEncoder passwords, TokenService tokens, PrivacyQueries privacy,
                             dev.messenger.gateway.web.RateLimits limits, dev.messenger.gateway.web.ClientAddress clientAddress,
                             Sessions sessions, RevokedSessions revokedSessions, AccountErasure erasure) {
        this.erasure = erasure;
        this.sessions = sessions;
        this.revokedSessions = revokedSessions;
        this.limits = limits;
        this.clientAddress = clientAddress;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.privacy = privacy;
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /** bcrypt reads at most 72 bytes of a password (and Spring Security refuses longer ones rather than cut them). */
    static final int MAX_PASSWORD_BYTES = 72;

    public record RegisterRequest(
            @NotBlank @Size(max = 32) @Pattern(regexp = "[a-z0-9_.]{3,32}", message = "3 to 32 of a-z, 0-9, '_' and '.'") String username,
            @NotBlank @Size(min = 8, max = MAX_PASSWORD_BYTES, message = "8 to 72 characters (at most 72 bytes in UTF-8)") String password,
            @NotBlank @Size(max = 100, message = "1 to 100 characters") @dev.messenger.gateway.web.DisplayText String displayName) {
    }

    /** Unauthenticated: bounded like registration, so nothing longer than an account can have is ever looked at. */
    public record TokenRequest(@NotBlank @Size(max = 32, message = "at most 32 characters") String username,
                               @NotBlank @Size(max = MAX_PASSWORD_BYTES, message = "at most 72 characters") String password) {
    }

    private String clientAddress(org.springframework.http.server.reactive.ServerHttpRequest http) {
        return clientAddress.of(http);
    }

    private static boolean tooLongForBcrypt(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    /** {@code deleted}: the account was deleted (no username; the display name is a placeholder for clients to show). */
    public record UserView(String userId, String username, String displayName, boolean deleted) {
        static final String DELETED_NAME = "Deleted user";

        static UserView of(Account account) {
            return new UserView(account.userId(), account.username(), account.displayName(), false);
        }

        static UserView deleted(String userId) {
            return new UserView(userId, null, DELETED_NAME, true);
        }
    }

    public record MeView(String userId, String username, String displayName, PrivacyView privacy) {
    }

    /** {@code groupAdds}: who may add the user to a group without an invitation. */
    public record PrivacyView(boolean readReceipts, String lastSeen, String presence, String groupAdds) {
        static PrivacyView of(PrivacyQueries.Settings settings) {
            return new PrivacyView(settings.readReceipts(), settings.lastSeen().name().toLowerCase(java.util.Locale.ROOT),
                    settings.presence().name().toLowerCase(java.util.Locale.ROOT), settings.groupAdds().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @PostMapping("/auth/register")
    @Operation(summary = "Create an account (username 3-32 of [a-z0-9_.], password 8 to 72 characters, at most 72 bytes); "
            + "409 when the username is taken, 429 after too many registrations from one address")
    @ApiResponse(responseCode = "201", description = "registered")
    public Mono<ResponseEntity<UserView>> register(@Valid @RequestBody RegisterRequest request,
                                                   org.springframework.http.server.reactive.ServerHttpRequest http) {
        if (tooLongForBcrypt(request.password())) {
            return Mono.error(ApiProblem.badRequest("password: at most 72 bytes in UTF-8"));
        }
        // each registration costs a bcrypt hash (tens of milliseconds of CPU): limited per client address
        return limits.check("register", clientAddress(http))
                .then(Mono.fromCallable(() -> passwords.encode(request.password())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(hash -> accounts.create(new Account("u-" + UUID.randomUUID(), request.username(),
                        request.displayName().strip(), hash, false)))
                .map(account -> ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(account)))
                .onErrorMap(DuplicateKeyException.class, e -> ApiProblem.conflict("username-taken", "this username is taken"));
    }

    @PostMapping("/auth/token")
    @Operation(summary = "Sign in: username and password for an access token and a refresh token (OAuth2 token response fields); "
            + "401 on wrong credentials",
            description = "Each sign-in is a session (GET /sessions), named by the User-Agent it came with. The access token "
                    + "lasts expires_in seconds; POST /auth/refresh with the refresh_token gives the next pair.")
    public Mono<Map<String, Object>> token(@Valid @RequestBody TokenRequest request,
                                           org.springframework.http.server.reactive.ServerHttpRequest http) {
        // guessing passwords: limited per client address first (so one address cannot touch many usernames' limiters),
        // then per username from that address, before the password is even looked at. Per username alone, anyone
        // could lock a victim out by failing on purpose; from one address, only that address is held back
        String address = clientAddress(http);
        return limits.check("login-address", address)
                .then(limits.check("login-username", request.username().toLowerCase(java.util.Locale.ROOT) + "\u0000" + address))
                .then(tooLongForBcrypt(request.password())
                        ? Mono.error(new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-credentials", "wrong username or password"))
                        : Mono.empty())
                .then(accounts.findByUsername(request.username()))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .publishOn(Schedulers.boundedElastic())
                .map(found -> {
                    boolean matches = passwords.matches(request.password(), found.map(Account::passwordHash).orElse(decoyHash));
                    if (found.isEmpty() || !matches) {
                        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-credentials", "wrong username or password");
                    }
                    Account account = found.get();
                    java.util.List<String> pushedOut = new java.util.ArrayList<>();
                    Sessions.Issued session = sessions.start(account.userId(), http.getHeaders().getFirst(HttpHeaders.USER_AGENT), pushedOut);
                    revokedSessions.markRevoked(pushedOut);
                    return tokenResponse(tokens.issue(account.userId(), account.username(), account.admin(), session.sessionId()),
                            session.refreshToken());
                });
    }

    /** The OAuth2 token response (RFC 6749 section 5.1) of a sign-in or a refresh. */
    public static Map<String, Object> tokenResponse(TokenService.IssuedToken token, String refreshToken) {
        return Map.of("access_token", token.accessToken(), "token_type", "Bearer", "expires_in", token.expiresInSeconds(),
                "refresh_token", refreshToken);
    }

    public record DisplayNameChange(
            @NotBlank @Size(max = 100, message = "1 to 100 characters") @dev.messenger.gateway.web.DisplayText String displayName) {
    }

    @org.springframework.web.bind.annotation.PatchMapping("/users/me")
    @Operation(summary = "Change the caller's display name (1 to 100 characters)")
    @ApiResponse(responseCode = "204", description = "changed")
    public Mono<ResponseEntity<Void>> changeProfile(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DisplayNameChange change) {
        return accounts.changeDisplayName(jwt.getSubject(), change.displayName().strip())
                .flatMap(changed -> changed ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "the account no longer exists")));
    }

    public record PasswordChange(@NotBlank @Size(max = MAX_PASSWORD_BYTES, message = "at most 72 characters") String currentPassword,
                                 @NotBlank @Size(min = 8, max = MAX_PASSWORD_BYTES, message = "8 to 72 characters (at most 72 bytes in UTF-8)")
                                 String newPassword) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/users/me/password")
    @Operation(summary = "Change the caller's password; every other session is signed out",
            description = "403 (type wrong-password) when currentPassword is not the password; tried as often as signing in is "
                    + "(the same limits). The session making the change stays signed in.")
    @ApiResponse(responseCode = "204", description = "changed; every other session signed out")
    public Mono<ResponseEntity<Void>> changePassword(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PasswordChange change,
                                                     org.springframework.http.server.reactive.ServerHttpRequest http) {
        if (tooLongForBcrypt(change.newPassword())) {
            return Mono.error(ApiProblem.badRequest("newPassword: at most 72 bytes in UTF-8"));
        }
        String userId = jwt.getSubject();
        return withPassword(jwt, change.currentPassword(), "currentPassword", http)
                .map(account -> passwords.encode(change.newPassword()))
                .flatMap(hash -> accounts.changePasswordHash(userId, hash))
                .publishOn(Schedulers.boundedElastic())
                .map(changed -> {
                    if (!changed) {
                        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "the account no longer exists");
                    }
                    revokedSessions.markRevoked(sessions.revokeAllBut(userId, jwt.getClaimAsString(RevokedSessionCheck.SESSION_CLAIM)));
                    return ResponseEntity.noContent().<Void>build();
                });
    }

    public record AccountDeletion(@NotBlank @Size(max = MAX_PASSWORD_BYTES, message = "at most 72 characters") String password) {
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/users/me")
    @Operation(summary = "Delete the caller's account (its password required): 202, and then it is erased",
            description = "At once: every session is signed out (tokens 401 on every node within seconds), the username and "
                    + "display name are gone (lookup 404; the username can be registered again), push subscriptions removed. "
                    + "Within seconds after: each message it sent is deleted for everyone (bodies erased from the log, every "
                    + "read model, the search index, the feeds and Kafka), it leaves its groups, its devices' keys and its "
                    + "uploads are deleted. Member lists show it with deleted: true. 403 (type wrong-password) when password "
                    + "is not the password; tried as often as signing in is.")
    @ApiResponse(responseCode = "202", description = "the account is being erased")
    public Mono<ResponseEntity<Void>> deleteAccount(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody AccountDeletion deletion,
                                                    org.springframework.http.server.reactive.ServerHttpRequest http) {
        return withPassword(jwt, deletion.password(), "password", http)
                .map(account -> {
                    if (!erasure.delete(account.userId())) {
                        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "the account no longer exists");
                    }
                    return ResponseEntity.accepted().<Void>build();
                });
    }

    /**
     * The caller's account once {@code password} (request field {@code field}) is its password, else 403 wrong-password;
     * tried as often as signing in is (the same limits). Continues on the bounded-elastic scheduler (bcrypt, JDBC).
     */
    private Mono<Account> withPassword(Jwt jwt, String password, String field, org.springframework.http.server.reactive.ServerHttpRequest http) {
        String address = clientAddress(http);
        return limits.check("login-address", address)
                .then(limits.check("login-username", String.valueOf(jwt.getClaimAsString("preferred_username"))
                        .toLowerCase(java.util.Locale.ROOT) + "\u0000" + address))
                .then(accounts.findById(jwt.getSubject()))
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "the account no longer exists")))
                .publishOn(Schedulers.boundedElastic())
                .map(account -> {
                    if (tooLongForBcrypt(password) || !passwords.matches(password, account.passwordHash())) {
                        throw new ApiProblem(HttpStatus.FORBIDDEN, "wrong-password", field + " is not this account's password");
                    }
                    return account;
                });
    }

    @GetMapping("/users/me")
    public Mono<MeView> me(@AuthenticationPrincipal Jwt jwt) {
        return accounts.findById(jwt.getSubject())
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "the account no longer exists")))
                .zipWith(privacy.findSettings(jwt.getSubject()))
                .map(found -> new MeView(found.getT1().userId(), found.getT1().username(), found.getT1().displayName(),
                        PrivacyView.of(found.getT2())));
    }

    public record UsersView(java.util.List<UserView> users) {
    }

    /** Ids a client may ask about at once: an inbox page's participants, or a group's. */
    static final int MAX_IDS = 100;

    @GetMapping("/users")
    @Operation(summary = "Profiles (username, display name) of up to 100 users by id, comma-separated",
            description = "For clients to name the participants they see. Unknown ids are left out of the answer, deleted "
                    + "accounts are there with deleted: true; the same profile fields as /users/lookup, nothing more.")
    public Mono<UsersView> findUsers(@RequestParam String ids) {
        java.util.List<String> wanted = java.util.Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .distinct().toList();
        if (wanted.isEmpty() || wanted.size() > MAX_IDS) {
            return Mono.error(ApiProblem.badRequest("ids: 1 to " + MAX_IDS + " comma-separated user ids"));
        }
        return accounts.findByIds(wanted).zipWith(accounts.deletedAmong(wanted)).map(found -> {
            java.util.List<UserView> users = new java.util.ArrayList<>(found.getT1().stream().map(UserView::of).toList());
            found.getT2().stream().sorted().map(UserView::deleted).forEach(users::add);
            return new UsersView(users);
        });
    }

    @GetMapping("/users/lookup")
    @Operation(summary = "Find a user by exact username; 404 when there is none")
    public Mono<UserView> lookup(@RequestParam String username) {
        return accounts.findByUsername(username)
                .map(UserView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no user with this username")));
    }
}
