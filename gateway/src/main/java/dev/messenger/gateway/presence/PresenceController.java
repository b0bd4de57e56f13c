package dev.messenger.gateway.presence;

import dev.messenger.gateway.observability.GatewayMetrics;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Membership;
import dev.messenger.realtime.presence.PresenceProperties;
import dev.messenger.realtime.presence.PresenceTracker;
import dev.messenger.realtime.presence.TypingSignals;
import dev.messenger.realtime.presence.VisiblePresence;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
    private final VisiblePresence visible;
    private final TypingSignals typing;
    private final Membership membership;
    private final PresenceProperties properties;
    private final GatewayMetrics metrics;

    public PresenceController(PresenceTracker presence, VisiblePresence visible, TypingSignals typing, Membership membership,
                              PresenceProperties properties, GatewayMetrics metrics) {
        this.presence = presence;
        this.visible = visible;
        this.typing = typing;
        this.membership = membership;
        this.properties = properties;
        this.metrics = metrics;
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
        return visible.find(jwt.getSubject(), ids).map(seen -> new PresenceList(seen.stream()
                .map(s -> new PresenceView(s.userId(), s.online() ? "online" : "offline", s.lastSeen()))
                .toList()));
    }

    @PostMapping("/users/presence/heartbeat")
    @Operation(summary = "Keep the caller online for the presence TTL (60 s) without an open event stream")
    @ApiResponse(responseCode = "204", description = "online for another while")
    public Mono<ResponseEntity<Void>> heartbeat(@AuthenticationPrincipal Jwt jwt) {
        return presence.touch(jwt.getSubject(), "heartbeat").thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/conversations/{conversationId}/typing")
    @Operation(summary = "Tell the other participants the caller is typing (never stored; members only; rate limited: 429)")
    @ApiResponse(responseCode = "204", description = "told to the others")
    public Mono<ResponseEntity<Void>> typing(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        String caller = jwt.getSubject();
        return membership.requireParticipant(conversationId, caller)
                .flatMap(conversation -> typing.signal(conversationId, caller,
                        conversation.participants().stream().filter(p -> !p.equals(caller)).toList()))
                .map(sent -> {
                    if (sent) {
                        return ResponseEntity.noContent().<Void>build();
                    }
                    metrics.rateLimited("typing");
                    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                            .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, properties.typingInterval().toSeconds())))
                            .<Void>build();
                });
    }
}
