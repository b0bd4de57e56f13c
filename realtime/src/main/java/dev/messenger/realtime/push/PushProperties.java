package dev.messenger.realtime.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code messenger.push.*}: the VAPID identity (RFC 8292; keys generated and kept in the data directory when
 * not configured), how long messages collapse into one notification, the notification's TTL, the retries, the
 * push services it sends to ({@link PushEndpoints}) and how many requests it has in flight at most.
 */
@ConfigurationProperties("messenger.push")
public record PushProperties(
        String vapidSubject,
        String vapidPublicKey,
        String vapidPrivateKey,
        Duration collapseWindow,
        Duration ttl,
        Duration retryBase,
        Duration retryMax,
        int maxAttempts,
        Duration requestTimeout,
        java.util.List<String> allowedHosts,
        boolean allowHttpEndpoints,
        boolean allowPrivateAddresses,
        int maxInFlight) {

    public PushEndpoints endpoints() {
        return new PushEndpoints(allowedHosts, allowHttpEndpoints, allowPrivateAddresses);
    }
}
