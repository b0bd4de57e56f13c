package dev.messenger.gateway.presence;

import dev.messenger.events.privacy.Visibility;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.observability.GatewayMetrics;
import dev.messenger.gateway.web.Membership;
import dev.messenger.query.privacy.PrivacyQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RRateLimiterReactive;
import org.redisson.api.RateType;
import org.redisson.api.RedissonReactiveClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Blocking, privacy, presence")
public class PresenceController {

    static final int MAX_USERS = 100;

    private final PresenceTracker presence;
    private final Contacts contacts;
    private final Membership membership;
    private final EphemeralEvents ephemeral;
    private final RedissonReactiveClient redis;
    private final PresenceProperties properties;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final GatewayMetrics metrics;

    public PresenceController(PresenceTracker presence, Contacts contacts, Membership membership,
                              EphemeralEvents ephemeral, RedissonReactiveClient redis, PresenceProperties properties,
                              com.fasterxml.jackson.databind.ObjectMapper json, GatewayMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
        this.presence = presence;
        this.contacts = contacts;
        this.membership = membership;
        this.ephemeral = ephemeral;
        this.redis = redis;
        this.properties = properties;
    }

    public record PresenceView(String userId, String status, Instant lastSeen) {
    }

    public record PresenceList(List<PresenceView> presence) {
    }

    @GetMapping("/users/presence")
    @Operation(summary = "Online status and last seen of up to 100 users",
            description = "Hidden by their privacy settings or by a block either way: status offline and lastSeen null. "
                    + "Presence, last seen and privacy of all ids come from one pipelined Redis call.")
    public Mono<PresenceList> find(@AuthenticationPrincipal Jwt jwt, @RequestParam("user_ids") String userIds) {
        List<String> ids = Arrays.stream(userIds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty() || ids.size() > MAX_USERS) {
            return Mono.error(ApiProblem.badRequest("user_ids lists 1 to " + MAX_USERS + " user ids"));
        }
        String viewer = jwt.getSubject();
        return Mono.zip(presence.observe(ids), contacts.relations(viewer, ids))
                .map(all -> new PresenceList(ids.stream().map(id -> {
                    PresenceTracker.Observed observed = all.getT1().get(id);
                    PrivacyQueries.Settings settings = observed.privacy();
                    Contacts.Relation relation = all.getT2().get(id);
                    boolean self = id.equals(viewer);
                    boolean showStatus = self || (!relation.blocked() && allows(settings.presence(), relation.contact()));
                    boolean showLastSeen = self || (!relation.blocked() && allows(settings.lastSeen(), relation.contact()));
                    return new PresenceView(id, showStatus && observed.online() ? "online" : "offline",
                            showLastSeen ? observed.lastSeen() : null);
                }).toList()));
    }

    @PostMapping("/users/presence/heartbeat")
    @Operation(summary = "Keep the caller online for the presence TTL (60 s) without an open event stream")
    public Mono<ResponseEntity<Void>> heartbeat(@AuthenticationPrincipal Jwt jwt) {
        return presence.touch(jwt.getSubject(), "heartbeat").thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/conversations/{conversationId}/typing")
    @Operation(summary = "Tell the other participants the caller is typing (never stored; members only; rate limited: 429)")
    public Mono<ResponseEntity<Void>> typing(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        String caller = jwt.getSubject();
        return membership.requireParticipant(conversationId, caller)
                .flatMap(conversation -> typingLimiter(caller).flatMap(allowed -> {
                    if (!allowed) {
                        metrics.rateLimited("typing");
                        return Mono.just(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, properties.typingInterval().toSeconds())))
                                .<Void>build());
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("conversationId", conversationId);
                    data.put("userId", caller);
                    data.put("at", Instant.now());
                    List<String> others = conversation.participants().stream().filter(p -> !p.equals(caller)).toList();
                    return ephemeral.publish(others, "typing", write(data)).thenReturn(ResponseEntity.noContent().<Void>build());
                }));
    }

    private Mono<Boolean> typingLimiter(String userId) {
        RRateLimiterReactive limiter = redis.getRateLimiter("ratelimit:typing:{" + userId + "}");
        return limiter.trySetRate(RateType.OVERALL, properties.typingLimit(), properties.typingInterval())
                .then(limiter.tryAcquire());
    }

    private static boolean allows(Visibility visibility, boolean contact) {
        return visibility == Visibility.EVERYONE || (visibility == Visibility.CONTACTS && contact);
    }

    private String write(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
