package dev.messenger.realtime.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.redisson.api.RRateLimiterReactive;
import org.redisson.api.RateType;
import org.redisson.api.RedissonReactiveClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * "Someone is typing": an ephemeral event to the conversation's other members, at most {@code typing-limit} per user
 * per {@code typing-interval} (a Redis rate limiter shared by every node), never stored.
 */
@Component
public class TypingSignals {

    private final RedissonReactiveClient redis;
    private final EphemeralEvents ephemeral;
    private final PresenceProperties properties;
    private final ObjectMapper json;

    public TypingSignals(RedissonReactiveClient redis, EphemeralEvents ephemeral, PresenceProperties properties, ObjectMapper json) {
        this.redis = redis;
        this.ephemeral = ephemeral;
        this.properties = properties;
        this.json = json;
    }

    /** Publishes {@code typing} to the recipients; false (and nothing published) when the user is over the limit. */
    public Mono<Boolean> signal(String conversationId, String userId, Collection<String> recipients) {
        RRateLimiterReactive limiter = redis.getRateLimiter("ratelimit:typing:{" + userId + "}");
        return limiter.trySetRate(RateType.OVERALL, properties.typingLimit(), properties.typingInterval())
                .then(limiter.tryAcquire())
                .flatMap(allowed -> {
                    if (!allowed) {
                        return Mono.just(false);
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("conversationId", conversationId);
                    data.put("userId", userId);
                    data.put("at", Instant.now());
                    return ephemeral.publish(recipients, "typing", write(data)).thenReturn(true);
                });
    }

    private String write(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
