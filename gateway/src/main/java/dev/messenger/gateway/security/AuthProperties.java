package dev.messenger.gateway.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token settings. {@code signingKey} is an RSA private JWK (JSON); when empty a key is generated once
 * and kept under the data directory, so tokens survive a restart.
 */
@ConfigurationProperties("messenger.auth")
public record AuthProperties(String issuer, String audience, Duration tokenTtl, String signingKey,
                             List<String> adminUsers, Duration clockSkew) {
}
