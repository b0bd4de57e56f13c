package dev.messenger.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The per-user limits of the signed-in operations that have no limit of their own in their controller: one table,
 * checked after authentication and before the request does anything (so a refused request changed nothing). Sends,
 * uploads, searches, key fetches, typing and sign-in keep theirs where they are checked with what the request says.
 */
@Component
public class RequestRateLimits implements WebFilter, Ordered {

    private record Route(HttpMethod method, String pattern, String action) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.POST, "/conversations", "conversation-start"),
            new Route(HttpMethod.POST, "/conversations/*/participants", "participant-change"),
            new Route(HttpMethod.DELETE, "/conversations/*/participants/*", "participant-change"),
            new Route(HttpMethod.PATCH, "/conversations/*", "participant-change"),
            new Route(HttpMethod.PUT, "/conversations/*/admins/*", "participant-change"),
            new Route(HttpMethod.DELETE, "/conversations/*/admins/*", "participant-change"),
            new Route(HttpMethod.POST, "/conversations/*/invite-links", "participant-change"),
            new Route(HttpMethod.DELETE, "/conversations/*/invite-links/*", "participant-change"),
            new Route(HttpMethod.POST, "/conversations/*/join-requests/*/*", "participant-change"),
            new Route(HttpMethod.POST, "/invite-links/*/join", "participant-change"),
            new Route(HttpMethod.GET, "/invite-links/*", "lookup"),
            new Route(HttpMethod.POST, "/invitations/*/*", "participant-change"),
            new Route(HttpMethod.POST, "/reactions/*", "reaction"),
            new Route(HttpMethod.POST, "/messages/edit", "message-change"),
            new Route(HttpMethod.POST, "/messages/delete", "message-change"),
            new Route(HttpMethod.POST, "/messages/delivered", "receipt"),
            new Route(HttpMethod.POST, "/messages/read", "receipt"),
            new Route(HttpMethod.GET, "/users/lookup", "lookup"),
            new Route(HttpMethod.GET, "/users/search", "lookup"),
            new Route(HttpMethod.GET, "/users", "lookup"),
            new Route(HttpMethod.GET, "/users/me/exports/**", "lookup"),
            new Route(HttpMethod.GET, "/keys/devices", "lookup"),
            new Route(HttpMethod.GET, "/users/presence", "presence"),
            new Route(HttpMethod.POST, "/users/presence/heartbeat", "presence"),
            new Route(HttpMethod.POST, "/users/block", "block"),
            new Route(HttpMethod.POST, "/users/unblock", "block"),
            new Route(HttpMethod.POST, "/reports", "block"),
            new Route(HttpMethod.POST, "/conversations/*/accept", "block"),
            new Route(HttpMethod.POST, "/conversations/*/decline", "block"),
            new Route(HttpMethod.PUT, "/users/me/privacy", "settings"),
            new Route(HttpMethod.PUT, "/conversations/*/mute", "settings"),
            new Route(HttpMethod.POST, "/push/subscriptions", "settings"),
            new Route(HttpMethod.GET, "/media/*/thumbnail", "thumbnail"));
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final RateLimits limits;

    public RequestRateLimits(RateLimits limits) {
        this.limits = limits;
    }

    /** After Spring Security's filters (-100), which establish who is asking. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String action = actionOf(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication().value());
        if (action == null) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .flatMap(user -> limits.check(action, user.getName()).thenReturn(true)
                        .onErrorResume(ApiProblem.class, refused -> refuse(exchange, refused).thenReturn(false)))
                .defaultIfEmpty(true) // not signed in: security has answered already
                .flatMap(allowed -> allowed ? chain.filter(exchange) : Mono.empty());
    }

    static String actionOf(HttpMethod method, String path) {
        for (Route route : ROUTES) {
            if (route.method().equals(method) && PATHS.match(route.pattern(), path)) {
                return route.action();
            }
        }
        return null;
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, ApiProblem problem) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
        }
        String json = "{\"type\":\"" + problem.type() + "\",\"title\":\"Too Many Requests\",\"status\":429,"
                + "\"detail\":\"" + problem.getMessage() + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
    }
}
