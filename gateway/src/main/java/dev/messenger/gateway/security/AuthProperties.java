package dev.messenger.gateway.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token settings. {@code signingKey} is an RSA private JWK (JSON); when empty a key is generated once
 * and kept under the data directory, so tokens survive a restart. {@code adminUsers} is only read to refuse it (the role is granted on the database). {@code verifiedTokenCacheSize}: how many verified
 * tokens a node remembers, so their signatures are checked once, not on every request. {@code refreshTokenTtl}: how long
 * a session's refresh token stays usable unused (each use gives a new one for as long again). {@code revocationPoll}:
 * how often a node reads the sessions revoked on any node, whose access tokens it then refuses and whose streams it
 * closes.
 */
@ConfigurationProperties("messenger.auth")
public record AuthProperties(String issuer, String audience, Duration tokenTtl, String signingKey,
                             List<String> adminUsers, Duration clockSkew, long verifiedTokenCacheSize,
                             Duration refreshTokenTtl, Duration revocationPoll) {

    public AuthProperties {
        // the role used to go to listed usernames, which anyone could register first: refuse to start rather than
        // leave an operator believing it still works
        if (adminUsers != null && adminUsers.stream().anyMatch(name -> !name.isBlank())) {
            throw new IllegalStateException("MESSENGER_ADMIN_USERS is no longer read: grant the admin role with "
                    + "'ops/messenger admin grant USERNAME' (docs/operations.md)");
        }
        if (verifiedTokenCacheSize <= 0) {
            verifiedTokenCacheSize = 100_000;
        }
        if (refreshTokenTtl == null) {
            refreshTokenTtl = Duration.ofDays(30);
        }
        if (revocationPoll == null) {
            revocationPoll = Duration.ofSeconds(1);
        }
    }
}
