package dev.messenger.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers the tokens it has verified, so a client's requests pay the RS256 signature check and the claim
 * validation once per token, not once per request (they were a sixth of the request path's CPU). A remembered
 * token is handed out again only while it has not expired (with the same clock skew the validators allow);
 * after that the delegate decides again, and refuses it. Keyed by the whole token string, so only the exact token
 * that passed verification is ever matched; bounded in size, and entries leave after {@code maxAge} at the latest.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Cache<String, Jwt> verified;
    private final Duration clockSkew;
    private final Clock clock;

    VerifiedTokenCache(ReactiveJwtDecoder delegate, long maximumSize, Duration maxAge, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maxAge).build();
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (stillValid(known)) {
                return Mono.just(known);
            }
            verified.invalidate(token);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null) {
                verified.put(token, jwt); // a token without expiry is never remembered (the validators refuse it anyway)
            }
        });
    }

    private boolean stillValid(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && clock.instant().minus(clockSkew).isBefore(expiresAt);
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
