package dev.messenger.realtime.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ttl}: how long a stream or heartbeat keeps a user online without being refreshed (a gateway
 * that dies leaves nobody online longer than this); {@code grace}: how long after the last stream
 * closes the user is announced offline, so a quick reconnect announces nothing.
 */
@ConfigurationProperties("messenger.presence")
public record PresenceProperties(Duration ttl, Duration grace, int typingLimit, Duration typingInterval) {
}
