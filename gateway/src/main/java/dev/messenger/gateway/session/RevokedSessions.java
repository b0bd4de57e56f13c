package dev.messenger.gateway.session;

import dev.messenger.gateway.security.AuthProperties;
import dev.messenger.gateway.security.RevokedSessionCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The sessions revoked on any node, as this node knows them: what it revoked itself at once, the others' within one
 * poll of PostgreSQL ({@code messenger.auth.revocation-poll}, 1 s), where revocations are recorded anyway. A poll is
 * one indexed range read of a few rows per node per second; no second store to keep in step, and the database's own
 * clock decides what is new. Only revocations younger than an access token's lifetime matter (older tokens of the
 * session have expired), so that is all a node keeps.
 */
@Component
public class RevokedSessions implements RevokedSessionCheck, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevokedSessions.class);
    /** Read again each poll: a revocation committed late with an earlier time is still seen. */
    private static final Duration OVERLAP = Duration.ofSeconds(10);

    private final Sessions sessions;
    private final Duration poll;
    private final Duration remembered;
    /** Revoked session id → when this node learnt it. */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    /** Open streams' sessions → what ends them when the session is revoked. */
    private final Map<String, Sinks.Empty<Void>> watchers = new ConcurrentHashMap<>();
    private volatile Instant readUpTo;
    private volatile boolean failing;
    private ScheduledExecutorService poller;

    public RevokedSessions(Sessions sessions, AuthProperties auth) {
        this.sessions = sessions;
        this.poll = auth.revocationPoll();
        this.remembered = auth.tokenTtl().plus(auth.clockSkew()).plus(OVERLAP);
    }

    @Override
    public boolean isRevoked(String sessionId) {
        return revoked.containsKey(sessionId);
    }

    /** Sessions revoked here: refused on this node from now on, their streams here closed. */
    public void markRevoked(Collection<String> sessionIds) {
        Instant now = Instant.now();
        for (String sessionId : sessionIds) {
            if (revoked.putIfAbsent(sessionId, now) == null) {
                Sinks.Empty<Void> watcher = watchers.remove(sessionId);
                if (watcher != null) {
                    watcher.tryEmitEmpty();
                }
            }
        }
    }

    /** Completes when the session is revoked (at once when it already is); never for a token without a session. */
    public Mono<Void> revocation(String sessionId) {
        if (sessionId == null) {
            return Mono.never();
        }
        return Mono.defer(() -> {
            if (isRevoked(sessionId)) {
                return Mono.empty();
            }
            Sinks.Empty<Void> watcher = watchers.computeIfAbsent(sessionId, id -> Sinks.empty());
            if (isRevoked(sessionId)) {
                watcher.tryEmitEmpty(); // revoked between the check and the registration
            }
            return watcher.asMono().doFinally(signal -> watchers.computeIfPresent(sessionId,
                    (id, existing) -> existing.currentSubscriberCount() == 0 ? null : existing));
        });
    }

    void readRevocations() {
        try {
            Sessions.Revocations found = readUpTo == null
                    ? sessions.revokedWithin(remembered)
                    : sessions.revokedSince(readUpTo.minus(OVERLAP));
            markRevoked(found.sessionIds());
            readUpTo = found.now();
            Instant forgotten = Instant.now().minus(remembered);
            revoked.values().removeIf(learnt -> learnt.isBefore(forgotten));
            if (failing) {
                failing = false;
                log.info("reading revoked sessions again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot read revoked sessions (retrying every {}): {}", poll, e.toString());
            }
        }
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "session-revocations");
            thread.setDaemon(true);
            return thread;
        });
        poller.execute(this::readRevocations);
        poller.scheduleWithFixedDelay(this::readRevocations, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
