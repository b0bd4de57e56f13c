package dev.messenger.gateway.security;

import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Issues the access tokens that the resource server side of the gateway accepts. */
@Component
public class TokenService {

    public static final String ROLES_CLAIM = "roles";

    private final JwtEncoder encoder;
    private final AuthProperties properties;

    public TokenService(JwtEncoder encoder, AuthProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    public record IssuedToken(String accessToken, long expiresInSeconds) {
    }

    /** A token of no session (tests and tools): it cannot be signed out, only expire. */
    public IssuedToken issue(String userId, String username, boolean admin) {
        return issue(userId, username, admin, null);
    }

    /**
     * {@code admin}: the account holds the role an operator granted (never anything the caller chose). {@code sessionId}:
     * the sign-in session the token belongs to ({@link RevokedSessionCheck#SESSION_CLAIM}); revoking it ends the token.
     */
    public IssuedToken issue(String userId, String username, boolean admin, String sessionId) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(userId)
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenTtl()))
                .claim("preferred_username", username)
                .claim(ROLES_CLAIM, admin ? List.of("user", "admin") : List.of("user"));
        if (sessionId != null) {
            claims.claim(RevokedSessionCheck.SESSION_CLAIM, sessionId);
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new IssuedToken(token, properties.tokenTtl().toSeconds());
    }
}
