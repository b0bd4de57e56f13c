package dev.messenger.query.feed;

import dev.messenger.projections.feed.FeedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RStreamReactive;
import org.redisson.api.RTopicReactive;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.api.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Reads a user's feed: a page after a position (for {@code /sync}), or everything after a position
 * and then live (for {@code /events}) with no gap and no duplicate.
 */
@Component
public class FeedQueries {

    private static final int REPLAY_PAGE = 500;

    private final RedissonReactiveClient redis;
    private final int liveBuffer;

    public FeedQueries(RedissonReactiveClient redis, @Value("${messenger.feed.live-buffer:10000}") int liveBuffer) {
        this.redis = redis;
        this.liveBuffer = liveBuffer;
    }

    /** Up to {@code limit} entries after {@code since}, preceded by a reset entry when some of them are gone. */
    public Mono<List<FeedEntry>> findEntriesAfter(String userId, long since, int limit) {
        // the head is read first: an entry appended after it cannot be mistaken for a trimmed one
        return findHead(userId).flatMap(head -> range(userId, since + 1, Long.MAX_VALUE, limit).map(entries -> {
            List<FeedEntry> withReset = new ArrayList<>(entries.size() + 1);
            if (since > head) {
                withReset.add(FeedEntry.reset(since, head)); // the client is ahead of this feed (it was rebuilt)
            } else if (entries.isEmpty() ? head > since : entries.get(0).position() > since + 1) {
                withReset.add(FeedEntry.reset(since, entries.isEmpty() ? head : entries.get(0).position() - 1));
            }
            withReset.addAll(entries);
            return withReset;
        }));
    }

    /**
     * Everything after {@code since}, then live. The live subscription is confirmed before the replay
     * reads, so nothing falls between them; positions already sent are dropped, and a jump in live
     * positions (a lost pub/sub message) is filled from the stream.
     */
    public Flux<FeedEntry> streamEntriesAfter(String userId, long since) {
        return Flux.defer(() -> {
            Sinks.Many<FeedEntry> live = Sinks.many().unicast().onBackpressureBuffer(Queues.<FeedEntry>get(liveBuffer).get());
            RTopicReactive topic = redis.getTopic(FeedKeys.channel(userId), StringCodec.INSTANCE);
            AtomicLong sent = new AtomicLong(since);
            return topic.addListener(String.class, (channel, message) -> {
                        synchronized (live) {
                            if (live.tryEmitNext(parse(message)).isFailure()) {
                                live.tryEmitError(new IllegalStateException("live feed buffer overflow: reconnect with Last-Event-ID"));
                            }
                        }
                    })
                    .flatMapMany(listener -> findEntriesAfter(userId, since, Integer.MAX_VALUE)
                            .flatMapMany(Flux::fromIterable)
                            .concatWith(live.asFlux())
                            .concatMap(entry -> {
                                if (entry.isReset()) {
                                    sent.set(entry.position());
                                    return Flux.just(entry);
                                }
                                long last = sent.get();
                                if (entry.position() <= last) {
                                    return Flux.empty();
                                }
                                if (entry.position() == last + 1) {
                                    return Flux.just(entry);
                                }
                                return range(userId, last + 1, entry.position(), Integer.MAX_VALUE).flatMapMany(Flux::fromIterable);
                            })
                            .doOnNext(entry -> sent.set(entry.position()))
                            .doFinally(signal -> topic.removeListener(listener).subscribe()));
        });
    }

    /** The newest position of the user's feed (0 when empty). */
    public Mono<Long> findHead(String userId) {
        return redis.getAtomicLong(FeedKeys.position(userId)).get();
    }

    /** Entries with positions in [from, to], in pages, up to {@code limit}. */
    private Mono<List<FeedEntry>> range(String userId, long from, long to, int limit) {
        RStreamReactive<String, String> stream = redis.getStream(FeedKeys.stream(userId), StringCodec.INSTANCE);
        StreamMessageId end = to == Long.MAX_VALUE ? StreamMessageId.MAX : new StreamMessageId(to, Long.MAX_VALUE);
        return Mono.defer(() -> page(stream, from, end, limit, new ArrayList<>()));
    }

    private Mono<List<FeedEntry>> page(RStreamReactive<String, String> stream, long from, StreamMessageId end, int limit,
                                       List<FeedEntry> collected) {
        int count = Math.min(REPLAY_PAGE, limit - collected.size());
        if (count <= 0) {
            return Mono.just(collected);
        }
        return stream.range(count, new StreamMessageId(from, 0), end).map(page -> {
            for (Map.Entry<StreamMessageId, Map<String, String>> e : page.entrySet()) {
                collected.add(new FeedEntry(e.getKey().getId0(), e.getValue().get(FeedKeys.TYPE_FIELD), e.getValue().get(FeedKeys.DATA_FIELD)));
            }
            return page.size();
        }).flatMap(size -> size < count ? Mono.just(collected)
                : page(stream, collected.get(collected.size() - 1).position() + 1, end, limit, collected));
    }

    private static FeedEntry parse(String message) {
        int first = message.indexOf('\n');
        int second = message.indexOf('\n', first + 1);
        return new FeedEntry(Long.parseLong(message.substring(0, first)), message.substring(first + 1, second), message.substring(second + 1));
    }
}
