package dev.messenger.gateway.security;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Whether a sign-in session has been revoked (logged out, signed out from another device, a password change, a
 * refresh token used twice). Every access token names its session ({@value #SESSION_CLAIM}); one of a revoked session
 * is refused like an expired one, 401. Tokens issued before sessions existed name none and last until they expire.
 */
public interface RevokedSessionCheck {

    String SESSION_CLAIM = "sid";

    boolean isRevoked(String sessionId);

    /** {@code decoder}, refusing the tokens of revoked sessions: checked on every request, after any cache. */
    static ReactiveJwtDecoder refusingRevoked(ReactiveJwtDecoder decoder, RevokedSessionCheck revoked) {
        return token -> decoder.decode(token).flatMap(jwt -> {
            String sessionId = jwt.getClaimAsString(SESSION_CLAIM);
            return sessionId != null && revoked.isRevoked(sessionId)
                    ? Mono.<Jwt>error(new BadJwtException("the session of this token was signed out"))
                    : Mono.just(jwt);
        });
    }
}
