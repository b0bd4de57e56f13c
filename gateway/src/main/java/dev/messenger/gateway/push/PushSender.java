package dev.messenger.gateway.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.gateway.observability.GatewayMetrics;
import dev.messenger.gateway.presence.PresenceTracker;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the push projection put in the outbox, on any gateway node: due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so nodes share the work and never send a row twice. A user with an open
 * stream got the message live and gets no push. Each push is encrypted for its subscription and signed
 * with VAPID, with TTL, Urgency and a Topic per conversation (so a push service keeps only the newest of a
 * conversation for an offline device). 2xx: done; 404/410: the subscription is gone and removed; anything
 * else or a timeout: retried with exponential backoff, up to the attempt limit. A push service that is down
 * delays pushes and nothing else: sends only write the outbox, through the projection.
 */
@Component
public class PushSender {

    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    private static final int BATCH = 50;
    private static final String DUE = """
            SELECT o.endpoint, o.conversation_id, o.user_id, o.sender_id, o.message_id, o.messages, o.encrypted, o.attempts,
                   s.p256dh, s.auth, a.display_name
            FROM push_outbox o
            JOIN push_subscription s ON s.endpoint = o.endpoint
            LEFT JOIN account a ON a.user_id = o.sender_id
            WHERE o.not_before <= now()
            ORDER BY o.not_before
            LIMIT ?
            FOR UPDATE OF o SKIP LOCKED
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PresenceTracker presence;
    private final VapidKeys keys;
    private final PushProperties properties;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final HttpClient http;

    record Due(String endpoint, String conversationId, String userId, String senderId, String messageId, int messages, boolean encrypted,
               int attempts, String p256dh, String auth, String senderName) {
    }

    public PushSender(JdbcTemplate jdbc, TransactionTemplate transactions, PresenceTracker presence, VapidKeys keys,
                      PushProperties properties, GatewayMetrics metrics, ObjectMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.presence = presence;
        this.keys = keys;
        this.properties = properties;
        this.metrics = metrics;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
    }

    @Scheduled(fixedDelayString = "${messenger.push.poll:250ms}")
    public void sendDue() {
        try {
            while (Boolean.TRUE.equals(transactions.execute(status -> sendBatch()))) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.warn("push outbox not processed: {}", e.toString());
        }
    }

    /** Sends one batch of due notifications in one transaction; true when the batch was full. */
    private boolean sendBatch() {
        List<Due> due = jdbc.query(DUE, (row, i) -> new Due(row.getString("endpoint"), row.getString("conversation_id"),
                row.getString("user_id"), row.getString("sender_id"), row.getString("message_id"), row.getInt("messages"),
                row.getBoolean("encrypted"), row.getInt("attempts"), row.getString("p256dh"), row.getString("auth"),
                row.getString("display_name")), BATCH);
        if (due.isEmpty()) {
            return false;
        }
        Map<String, PresenceTracker.Observed> observed = online(due.stream().map(Due::userId).distinct().toList());
        for (Due notification : due) {
            PresenceTracker.Observed user = observed.get(notification.userId());
            if (user != null && user.online()) {
                done(notification, "online");
            } else {
                deliver(notification);
            }
        }
        return due.size() == BATCH;
    }

    private void deliver(Due notification) {
        int status;
        try {
            URI endpoint = URI.create(notification.endpoint());
            byte[] body = WebPush.encrypt(payload(notification), Base64.getUrlDecoder().decode(notification.p256dh()),
                    Base64.getUrlDecoder().decode(notification.auth()));
            HttpRequest request = HttpRequest.newBuilder(endpoint)
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
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry(notification);
            return;
        } catch (Exception e) {
            log.debug("push to a subscription failed: {}", e.toString());
            status = -1;
        }
        if (status >= 200 && status < 300) {
            done(notification, "delivered");
        } else if (status == 404 || status == 410) {
            // the subscription expired or was revoked: forget it (its pending notifications go with it)
            jdbc.update("DELETE FROM push_subscription WHERE endpoint = ?", notification.endpoint());
            metrics.pushOutcome("gone");
        } else if (status == 400 || status == 403 || status == 413) {
            done(notification, "dropped"); // refused as it is: sending it again would not help
        } else {
            retry(notification);
        }
    }

    private void retry(Due notification) {
        int attempts = notification.attempts() + 1;
        if (attempts >= properties.maxAttempts()) {
            done(notification, "dropped");
            return;
        }
        long backoff = Math.min(properties.retryMax().toMillis(), properties.retryBase().toMillis() << Math.min(attempts - 1, 20));
        jdbc.update("UPDATE push_outbox SET attempts = ?, not_before = now() + make_interval(secs => ?) WHERE endpoint = ? AND conversation_id = ?",
                attempts, backoff / 1000.0, notification.endpoint(), notification.conversationId());
        metrics.pushOutcome("retry");
    }

    private void done(Due notification, String outcome) {
        jdbc.update("DELETE FROM push_outbox WHERE endpoint = ? AND conversation_id = ?", notification.endpoint(), notification.conversationId());
        metrics.pushOutcome(outcome);
    }

    /**
     * What the service worker gets: who wrote in which conversation and how many messages, never their text
     * (the client fetches that when it wakes; an end-to-end encrypted conversation's is unreadable here anyway).
     */
    private byte[] payload(Due notification) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "message");
        payload.put("conversationId", notification.conversationId());
        payload.put("messageId", notification.messageId());
        payload.put("senderId", notification.senderId());
        payload.put("senderName", notification.senderName());
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
