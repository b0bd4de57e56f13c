package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** A token's signature is checked once while it is valid, and never trusted from memory after it expired. */
class VerifiedTokenCacheTest {

    private static final Instant ISSUED = Instant.parse("2026-12-02T12:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        VerifiedTokenCache cache = cache(verifiesUntil(ISSUED.plusSeconds(3600)), ISSUED.plusSeconds(60));
        assertThat(cache.decode("token-a").block().getSubject()).isEqualTo("alice");
        assertThat(cache.decode("token-a").block().getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndRefused() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(ISSUED);
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        ReactiveJwtDecoder decoder = token -> expired.get()
                ? Mono.fromRunnable(verifications::incrementAndGet).then(Mono.error(new BadJwtException("expired")))
                : verifiesUntil(ISSUED.plusSeconds(3600)).decode(token);
        VerifiedTokenCache cache = new VerifiedTokenCache(decoder, 10, Duration.ofHours(2), Duration.ofSeconds(5), new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        cache.decode("token-a").block();

        now.set(ISSUED.plusSeconds(3606)); // past expiry and the clock skew
        expired.set(true);
        assertThat(cache.decode("token-a").map(Jwt::getSubject).onErrorReturn("refused").block()).isEqualTo("refused");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        VerifiedTokenCache cache = cache(token -> {
            verifications.incrementAndGet();
            return Mono.error(new BadJwtException("bad signature"));
        }, ISSUED);
        cache.decode("forged").onErrorResume(e -> Mono.empty()).block();
        cache.decode("forged").onErrorResume(e -> Mono.empty()).block();
        assertThat(verifications).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    private ReactiveJwtDecoder verifiesUntil(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                    .issuedAt(ISSUED).expiresAt(expiresAt).build());
        };
    }

    private static VerifiedTokenCache cache(ReactiveJwtDecoder decoder, Instant now) {
        return new VerifiedTokenCache(decoder, 10, Duration.ofHours(1), Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));
    }
}
