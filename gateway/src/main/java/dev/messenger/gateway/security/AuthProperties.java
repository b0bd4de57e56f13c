package dev.messenger.gateway.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token settings. {@code signingKey} is an RSA private JWK (JSON); when empty a key is generated once
 * and kept under the data directory, so tokens survive a restart. {@code verifiedTokenCacheSize}: how many verified
 * tokens a node remembers, so their signatures are checked once, not on every request.
 */
@ConfigurationProperties("messenger.auth")
public record AuthProperties(String issuer, String audience, Duration tokenTtl, String signingKey,
                             List<String> adminUsers, Duration clockSkew, long verifiedTokenCacheSize) {

    public AuthProperties {
        if (verifiedTokenCacheSize <= 0) {
            verifiedTokenCacheSize = 100_000;
        }
    }
}
