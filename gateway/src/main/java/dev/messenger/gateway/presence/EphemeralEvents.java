package dev.messenger.gateway.presence;

import java.util.Collection;
import org.redisson.api.RBatchReactive;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Events that are never stored (typing, presence): published to the recipients' open streams on
 * whichever gateway node holds them (Redis pub/sub), and lost for those not connected. They carry
 * no feed position, so a resumed stream never replays them.
 */
@Component
public class EphemeralEvents {

    private final RedissonReactiveClient redis;

    public EphemeralEvents(RedissonReactiveClient redis) {
        this.redis = redis;
    }

    public record Ephemeral(String type, String json) {
    }

    public Mono<Void> publish(Collection<String> userIds, String type, String json) {
        if (userIds.isEmpty()) {
            return Mono.empty();
        }
        RBatchReactive batch = redis.createBatch();
        userIds.forEach(userId -> batch.getTopic(channel(userId), StringCodec.INSTANCE).publish(type + "\n" + json));
        return batch.execute().then();
    }

    /** The live ephemeral events of one user, for as long as the returned flux is subscribed. */
    public Flux<Ephemeral> subscribe(String userId) {
        return redis.getTopic(channel(userId), StringCodec.INSTANCE).getMessages(String.class)
                .map(message -> {
                    int newline = message.indexOf('\n');
                    return new Ephemeral(message.substring(0, newline), message.substring(newline + 1));
                });
    }

    private static String channel(String userId) {
        return "ephemeral:" + userId;
    }
}
