package dev.messenger.gateway.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code messenger.push.*}: the VAPID identity (RFC 8292; keys generated and kept in the data directory when
 * not configured), how long messages collapse into one notification, the notification's TTL, and the retries.
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
        Duration requestTimeout) {
}
