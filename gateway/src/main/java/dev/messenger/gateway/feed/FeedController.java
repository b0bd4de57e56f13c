package dev.messenger.gateway.feed;

import dev.messenger.gateway.security.RevokedSessionCheck;
import dev.messenger.gateway.session.RevokedSessions;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.messenger.gateway.observability.GatewayMetrics;
import dev.messenger.realtime.presence.EphemeralEvents;
import dev.messenger.realtime.presence.PresenceProperties;
import dev.messenger.realtime.presence.PresenceTracker;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.query.feed.FeedEntry;
import dev.messenger.query.feed.FeedQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

@RestController
@Tag(name = "Live events")
public class FeedController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FeedController.class);

    static final int MAX_SYNC = 1000;
    /** A /sync page stops after about this much JSON (envelopes of encrypted messages can be large). */
    static final long MAX_SYNC_BYTES = 4L * 1024 * 1024;

    private final FeedQueries feed;
    private final Duration heartbeat;
    private final EphemeralEvents ephemeral;
    private final PresenceTracker presence;
    private final Duration presenceRefresh;
    private final StreamsShutdown shutdown;
    private final RevokedSessions revokedSessions;
    private final GatewayMetrics metrics;

    public FeedController(FeedQueries feed, @Value("${messenger.feed.heartbeat:15s}") Duration heartbeat, EphemeralEvents ephemeral,
                          PresenceTracker presence, PresenceProperties presenceProperties, StreamsShutdown shutdown,
                          GatewayMetrics metrics, RevokedSessions revokedSessions) {
        this.revokedSessions = revokedSessions;
        this.shutdown = shutdown;
        this.metrics = metrics;
        this.feed = feed;
        this.heartbeat = heartbeat;
        this.ephemeral = ephemeral;
        this.presence = presence;
        this.presenceRefresh = presenceProperties.ttl().dividedBy(3);
    }

    public record SyncEvent(Long id, String event, @JsonRawValue String data) {
    }

    public record SyncPage(List<SyncEvent> events, long next) {
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The caller's live stream of everything they can see, resumable",
            description = "Each event's id is the caller's feed position. Reconnect with Last-Event-ID (header) or ?since= to replay "
                    + "what was missed, then continue live, with no gap and no duplicate. Without either the stream starts at "
                    + "the present. When the feed no longer holds what was asked for, a `feed.reset` event (without id) tells the "
                    + "client to re-sync from history. A comment line right away (the response starts at once) and every 15 s keeps idle connections open. "
                    + "Ephemeral events (typing, presence.changed) come without id and are never replayed. "
                    + "An open stream keeps the caller online. Browsers, whose EventSource cannot send an Authorization header, "
                    + "may pass the token as the `access_token` query parameter instead: accepted on this endpoint only.")
    public Flux<ServerSentEvent<String>> events(@AuthenticationPrincipal Jwt jwt,
                                                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                                @RequestParam(required = false) String since) {
        String userId = jwt.getSubject();
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : since;
        Mono<Long> start = (resumeFrom == null ? feed.findHead(userId) : Mono.just(position(resumeFrom))).cache();
        // the feed's entries end the stream when they end (a feed.reset after a rebuild: the client reconnects); the
        // heartbeats, presence and ephemeral events alone would hold it open with nothing more to deliver
        Sinks.One<Boolean> entriesEnded = Sinks.one();
        Flux<ServerSentEvent<String>> entries = start.flatMapMany(from -> feed.streamEntriesAfter(userId, from))
                .map(entry -> {
                    if (entry.receivedAt() != 0) {
                        metrics.streamTook(System.nanoTime() - entry.receivedAt());
                    }
                    return toEvent(entry);
                })
                .doOnComplete(() -> entriesEnded.tryEmitValue(true));
        // the first as soon as the stream's starting position is known: the response (status and headers) goes out with
        // it, so a client knows its stream is open without waiting a heartbeat period, and that everything recorded from
        // then on will reach it
        Flux<ServerSentEvent<String>> heartbeats = start.thenMany(Flux.interval(Duration.ZERO, heartbeat))
                .map(i -> ServerSentEvent.<String>builder().comment("keepalive").build());
        // an open stream keeps its user online (announced once its ephemeral events are listened to),
        // refreshed well within the presence TTL
        String connection = "stream-" + UUID.randomUUID();
        Flux<ServerSentEvent<String>> ephemeralEvents = ephemeral.subscribe(userId, presence.touch(userId, connection)
                        .onErrorResume(e -> Mono.empty()))
                .map(e -> ServerSentEvent.<String>builder(e.json()).event(e.type()).build())
                .onErrorResume(e -> Flux.empty());
        Flux<ServerSentEvent<String>> online = Flux.interval(presenceRefresh)
                .concatMap(i -> presence.touch(userId, connection).onErrorResume(e -> Mono.empty()))
                .thenMany(Flux.<ServerSentEvent<String>>empty());
        return Flux.merge(entries, Flux.merge(ephemeralEvents, heartbeats, online).takeUntilOther(entriesEnded.asMono()))
                .takeUntilOther(shutdown.signal())
                // a session signed out (here or on another node) loses its streams: the client's reconnect then gets 401
                .takeUntilOther(revokedSessions.revocation(jwt.getClaimAsString(RevokedSessionCheck.SESSION_CLAIM)))
                .doOnSubscribe(subscription -> metrics.streamOpened(resumeFrom != null))
                .doFinally(signal -> metrics.streamClosed())
                .doFinally(signal -> presence.release(userId, connection)
                        // Redis gone (or shutting down): the registration expires by itself within the TTL
                        .subscribe(null, e -> log.debug("presence release failed: {}", e.toString())));
    }

    @GetMapping("/sync")
    @Operation(summary = "The same events as /events as JSON pages, for clients that cannot hold a stream",
            description = "since defaults to 0, limit 1-1000 (default 500); a page also ends after about 4 MB of events. "
                    + "`next` is the position to pass as since next time.")
    public Mono<SyncPage> sync(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "0") String since,
                               @RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > MAX_SYNC) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_SYNC));
        }
        long from = position(since);
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        return feed.replayAfter(jwt.getSubject(), from).take(limit)
                .takeUntil(entry -> bytes.addAndGet(entry.json().length()) >= MAX_SYNC_BYTES)
                .collectList().map(entries -> new SyncPage(
                entries.stream().map(e -> new SyncEvent(e.isReset() ? null : e.position(), e.type(), e.json())).toList(),
                entries.isEmpty() ? from : entries.get(entries.size() - 1).position()));
    }

    private static ServerSentEvent<String> toEvent(FeedEntry entry) {
        ServerSentEvent.Builder<String> event = ServerSentEvent.<String>builder(entry.json()).event(entry.type());
        return entry.isReset() ? event.build() : event.id(String.valueOf(entry.position())).build();
    }

    private static long position(String value) {
        try {
            long position = Long.parseLong(value.trim());
            if (position < 0) {
                throw ApiProblem.badRequest("a feed position is a number of at least 0");
            }
            return position;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("a feed position is a number of at least 0");
        }
    }
}
