package dev.messenger.realtime.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.realtime.presence.PresenceTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends what the push projection put in the outbox, on any gateway node. Due rows are leased in one short
 * statement ({@code FOR UPDATE SKIP LOCKED} inside it, so nodes share the work), then sent asynchronously on the
 * sender's own threads, outside any transaction: no row lock is held across an HTTP call, the projection keeps
 * folding newer messages into a row being sent, and a dead node's leases lapse so its rows are sent by another.
 * At most {@code max-in-flight} requests are open per node. A user with an open stream got the message live and
 * gets no push. Each push is encrypted for its subscription and signed with VAPID, with TTL, Urgency and a Topic
 * per conversation (so a push service keeps only the newest of a conversation for an offline device). Only to
 * push services' public addresses ({@link PushEndpoints}, checked again before each send), never following a
 * redirect. 2xx: done; 404/410: the subscription is gone and removed; 400/403/413 and 3xx: dropped; anything else
 * or a timeout: retried with exponential backoff, up to the attempt limit. A push service that is down delays
 * pushes and nothing else.
 */
@Component
public class PushSender {

    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    private static final int BATCH = 50;
    private static final String LEASE_DUE = """
            WITH due AS (
                SELECT endpoint, conversation_id FROM push_outbox
                WHERE not_before <= now() AND (leased_until IS NULL OR leased_until < now())
                ORDER BY not_before
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
            UPDATE push_outbox o SET leased_until = now() + make_interval(secs => ?)
            FROM due WHERE o.endpoint = due.endpoint AND o.conversation_id = due.conversation_id
            RETURNING o.endpoint, o.conversation_id, o.user_id, o.sender_id, o.message_id, o.messages, o.encrypted, o.attempts,
                      (SELECT s.p256dh FROM push_subscription s WHERE s.endpoint = o.endpoint) AS p256dh,
                      (SELECT s.auth FROM push_subscription s WHERE s.endpoint = o.endpoint) AS auth
            """;

    private final JdbcTemplate jdbc;
    private final PresenceTracker presence;
    private final VapidKeys keys;
    private final PushProperties properties;
    private final PushEndpoints endpoints;
    private final PushMetrics metrics;
    private final SenderNames senderNames;
    private final ObjectMapper json;
    private final java.util.concurrent.ExecutorService senders;
    private final java.util.concurrent.ScheduledExecutorService poller;
    private final java.util.concurrent.Semaphore inFlight;
    private final HttpClient http;
    private final Duration poll;

    record Due(String endpoint, String conversationId, String userId, String senderId, String messageId, int messages, boolean encrypted,
               int attempts, String p256dh, String auth) {
    }

    public PushSender(JdbcTemplate jdbc, PresenceTracker presence, VapidKeys keys, PushProperties properties, PushMetrics metrics,
                      SenderNames senderNames, ObjectMapper json, @org.springframework.beans.factory.annotation.Value("${messenger.push.poll:250ms}") Duration poll) {
        this.jdbc = jdbc;
        this.presence = presence;
        this.keys = keys;
        this.properties = properties;
        this.endpoints = properties.endpoints();
        this.metrics = metrics;
        this.senderNames = senderNames;
        this.json = json;
        this.poll = poll;
        this.inFlight = new java.util.concurrent.Semaphore(Math.max(1, properties.maxInFlight() == 0 ? 200 : properties.maxInFlight()));
        this.senders = java.util.concurrent.Executors.newFixedThreadPool(4, daemon("push-sender"));
        this.poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemon("push-outbox"));
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could point anywhere, a private address included
                .executor(senders)
                .build();
    }

    @jakarta.annotation.PostConstruct
    void start() {
        poller.scheduleWithFixedDelay(this::sendDue, poll.toMillis(), poll.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        poller.shutdownNow();
        senders.shutdown();
    }

    /** Leases and starts sending due notifications while there are some and room in flight. */
    void sendDue() {
        try {
            while (true) {
                int room = Math.min(BATCH, inFlight.availablePermits());
                if (room == 0 || !inFlight.tryAcquire(room)) {
                    return;
                }
                List<Due> due;
                try {
                    due = lease(room);
                } catch (RuntimeException e) {
                    inFlight.release(room);
                    throw e;
                }
                inFlight.release(room - due.size()); // what was not leased is not in flight
                if (due.isEmpty()) {
                    return;
                }
                Map<String, PresenceTracker.Observed> observed = online(due.stream().map(Due::userId).distinct().toList());
                Map<String, String> names = names(due.stream().map(Due::senderId).distinct().toList());
                for (Due notification : due) {
                    PresenceTracker.Observed user = observed.get(notification.userId());
                    if (user != null && user.online()) {
                        finish(notification, () -> done(notification, "online"));
                    } else {
                        deliver(notification, names.get(notification.senderId()));
                    }
                }
                if (due.size() < room) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("push outbox not processed: {}", e.toString());
        }
    }

    private List<Due> lease(int rows) {
        double leaseSeconds = properties.requestTimeout().toMillis() * 3 / 1000.0 + 5; // connect + send, with room
        return jdbc.query(LEASE_DUE, (row, i) -> new Due(row.getString("endpoint"), row.getString("conversation_id"),
                row.getString("user_id"), row.getString("sender_id"), row.getString("message_id"), row.getInt("messages"),
                row.getBoolean("encrypted"), row.getInt("attempts"), row.getString("p256dh"), row.getString("auth")), rows, leaseSeconds);
    }

    private void deliver(Due notification, String senderName) {
        HttpRequest request;
        try {
            URI endpoint = endpoints.parse(notification.endpoint());
            endpoints.requirePublic(endpoint);
            byte[] body = WebPush.encrypt(payload(notification, senderName), Base64.getUrlDecoder().decode(notification.p256dh()),
                    Base64.getUrlDecoder().decode(notification.auth()));
            request = HttpRequest.newBuilder(endpoint)
                    .timeout(properties.requestTimeout())
                    .header("Authorization", WebPush.vapidAuthorization(endpoint, keys, properties.vapidSubject(),
                            Instant.now().plus(Duration.ofHours(12))))
                    .header("Content-Encoding", "aes128gcm")
                    .header("Content-Type", "application/octet-stream")
                    .header("TTL", String.valueOf(properties.ttl().toSeconds()))
                    .header("Urgency", "high")
                    .header("Topic", topic(notification.conversationId()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            // a subscription stored before the allowlist, or a host that now resolves inside the network: never sent to
            log.debug("push endpoint refused: {}", e.getMessage());
            finish(notification, () -> {
                jdbc.update("DELETE FROM push_subscription WHERE endpoint = ?", notification.endpoint());
                metrics.outcome("refused");
            });
            return;
        } catch (Exception e) {
            log.debug("push not prepared: {}", e.toString());
            finish(notification, () -> done(notification, "dropped"));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenCompleteAsync((response, failure) -> finish(notification, () -> outcome(notification,
                        failure == null ? response.statusCode() : -1, failure)), senders);
    }

    private void outcome(Due notification, int status, Throwable failure) {
        if (failure != null) {
            log.debug("push to a subscription failed: {}", failure.toString());
        }
        if (status >= 200 && status < 300) {
            done(notification, "delivered");
        } else if (status == 404 || status == 410) {
            // the subscription expired or was revoked: forget it (its pending notifications go with it)
            jdbc.update("DELETE FROM push_subscription WHERE endpoint = ?", notification.endpoint());
            metrics.outcome("gone");
        } else if (status == 400 || status == 403 || status == 413 || (status >= 300 && status < 400)) {
            done(notification, "dropped"); // refused as it is (or redirected, which is never followed): sending again would not help
        } else {
            retry(notification);
        }
    }

    /** Runs what ends a notification's send, then frees its place in flight, whatever happens. */
    private void finish(Due notification, Runnable outcome) {
        try {
            outcome.run();
        } catch (RuntimeException e) {
            log.warn("push outcome not recorded (the lease lapses and it is sent again): {}", e.toString());
        } finally {
            inFlight.release();
        }
    }

    private void retry(Due notification) {
        int attempts = notification.attempts() + 1;
        if (attempts >= properties.maxAttempts()) {
            done(notification, "dropped");
            return;
        }
        long backoff = Math.min(properties.retryMax().toMillis(), properties.retryBase().toMillis() << Math.min(attempts - 1, 20));
        jdbc.update("""
                UPDATE push_outbox SET attempts = ?, not_before = now() + make_interval(secs => ?), leased_until = NULL
                WHERE endpoint = ? AND conversation_id = ?""",
                attempts, backoff / 1000.0, notification.endpoint(), notification.conversationId());
        metrics.outcome("retry");
    }

    /**
     * The row is done, unless a newer message folded into it while it was being sent: then it stays, released,
     * and goes out again with the newer message.
     */
    private void done(Due notification, String outcome) {
        int removed = jdbc.update("DELETE FROM push_outbox WHERE endpoint = ? AND conversation_id = ? AND message_id = ?",
                notification.endpoint(), notification.conversationId(), notification.messageId());
        if (removed == 0) {
            jdbc.update("UPDATE push_outbox SET leased_until = NULL WHERE endpoint = ? AND conversation_id = ?",
                    notification.endpoint(), notification.conversationId());
        }
        metrics.outcome(outcome);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * What the service worker gets: who wrote in which conversation and how many messages, never their text
     * (the client fetches that when it wakes; an end-to-end encrypted conversation's is unreadable here anyway).
     */
    private byte[] payload(Due notification, String senderName) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "message");
        payload.put("conversationId", notification.conversationId());
        payload.put("messageId", notification.messageId());
        payload.put("senderId", notification.senderId());
        payload.put("senderName", senderName);
        payload.put("messages", notification.messages());
        payload.put("encrypted", notification.encrypted());
        return json.writeValueAsBytes(payload);
    }

    private Map<String, PresenceTracker.Observed> online(List<String> userIds) {
        try {
            return presence.observe(userIds).block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            return Map.of(); // presence unknown: better a push too many than a message nobody hears of
        }
    }

    private Map<String, String> names(List<String> senderIds) {
        try {
            Map<String, String> names = senderNames.findDisplayNames(senderIds).block(Duration.ofSeconds(2));
            return names == null ? Map.of() : names;
        } catch (RuntimeException e) {
            return Map.of(); // a notification without the sender's name is better than none
        }
    }

    /** A Topic is at most 32 base64url characters: a digest of the conversation id. */
    static String topic(String conversationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(conversationId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
