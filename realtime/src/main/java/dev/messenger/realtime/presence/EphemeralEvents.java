package dev.messenger.realtime.presence;

import java.util.Collection;
import org.redisson.api.RBatchReactive;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import org.redisson.api.RTopicReactive;

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

    /**
     * The live ephemeral events of one user, for as long as the returned flux is subscribed. {@code whenListening}
     * runs once the subscription is confirmed, so whatever it announces cannot be answered before we listen.
     */
    public Flux<Ephemeral> subscribe(String userId, Mono<Void> whenListening) {
        return Flux.defer(() -> {
            Sinks.Many<Ephemeral> received = Sinks.many().unicast().onBackpressureBuffer();
            RTopicReactive topic = redis.getTopic(channel(userId), StringCodec.INSTANCE);
            return topic.addListener(String.class, (channel, message) -> {
                        int newline = message.indexOf('\n');
                        synchronized (received) {
                            received.tryEmitNext(new Ephemeral(message.substring(0, newline), message.substring(newline + 1)));
                        }
                    })
                    .flatMapMany(listener -> whenListening.thenMany(received.asFlux())
                            .doFinally(signal -> topic.removeListener(listener).subscribe(null, e -> { })));
        });
    }

    private static String channel(String userId) {
        return "ephemeral:" + userId;
    }
}
