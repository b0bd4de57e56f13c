package dev.messenger.gateway.web;

import dev.messenger.gateway.observability.GatewayMetrics;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.redisson.api.RRateLimiterReactive;
import org.redisson.api.RateType;
import org.redisson.api.RedissonReactiveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Rate limits per action and key (a user, a username, an address), shared by every gateway node
 * through Redisson's rate limiters in Redis. Checked before anything else a request does, so a
 * refused request changed nothing and may be retried as it was (same idempotency key). When Redis
 * cannot answer, requests are let through: a limit is protection, not a reason to stop sends.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** {@code messenger.rate-limits.<action>.permits} per {@code .per}. */
    @ConfigurationProperties("messenger")
    public record Settings(Map<String, Limit> rateLimits) {
    }

    public record Limit(long permits, Duration per) {
    }

    private final RedissonReactiveClient redis;
    private final Map<String, Limit> limits;
    private final GatewayMetrics metrics;
    /** Limiters whose rate this node has set in Redis (bounded: a forgotten one is only set again). */
    private final Cache<String, Boolean> initialized = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public RateLimits(RedissonReactiveClient redis, Settings settings, GatewayMetrics metrics) {
        this.redis = redis;
        this.limits = settings.rateLimits() == null ? Map.of() : settings.rateLimits();
        this.metrics = metrics;
    }

    private Mono<Boolean> setRateAndAcquire(String name, RRateLimiterReactive limiter, Limit limit) {
        return limiter.trySetRate(RateType.OVERALL, limit.permits(), limit.per(), limit.per().multipliedBy(3))
                .then(limiter.tryAcquire())
                .doOnNext(allowed -> initialized.put(name, Boolean.TRUE));
    }

    private static boolean notInitialized(Throwable error) {
        return error.getMessage() != null && error.getMessage().contains("RateLimiter is not initialized");
    }

    /**
     * The key as it goes into Redis key names: a digest of fixed length, because keys can be what a caller sent (a
     * username at sign-in): whatever its length or content, a limiter's keys stay short and never carry it in clear.
     */
    static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Completes when the action is allowed for the key; a 429 problem (with Retry-After) when not. */
    public Mono<Void> check(String action, String key) {
        Limit limit = limits.get(action);
        if (limit == null) {
            return Mono.empty();
        }
        // the limit is part of the name: a limiter's rate is fixed once set in Redis, so a changed configuration (or a
        // node configured otherwise) uses a limiter of its own; an idle one expires after a few of its windows
        String name = "ratelimit:" + action + ":" + limit.permits() + "/" + limit.per().toMillis() + ":{" + digest(key) + "}";
        RRateLimiterReactive limiter = redis.getRateLimiter(name);
        // one script per request: the rate is set only when this node has not yet seen the limiter, or Redis has
        // forgotten it (it expires after three idle windows; acquiring then fails with "not initialized")
        Mono<Boolean> acquire = initialized.getIfPresent(name) != null
                ? limiter.tryAcquire().onErrorResume(RateLimits::notInitialized, e -> setRateAndAcquire(name, limiter, limit))
                : setRateAndAcquire(name, limiter, limit);
        return acquire
                .onErrorResume(e -> {
                    log.debug("rate limit {} not checked: {}", action, e.toString());
                    return Mono.just(true);
                })
                .flatMap(allowed -> {
                    if (allowed) {
                        return Mono.empty();
                    }
                    metrics.rateLimited(action);
                    return Mono.error(ApiProblem.tooManyRequests("too many " + action + " requests: at most " + limit.permits()
                            + " per " + limit.per().toSeconds() + " s", Math.max(1, limit.per().toSeconds())));
                });
    }
}
