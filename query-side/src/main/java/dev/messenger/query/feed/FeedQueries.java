package dev.messenger.query.feed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.projections.feed.FeedKeys;
import dev.messenger.projections.message.ReplyPreview;
import java.time.Duration;
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

    private static final TypeReference<Map<String, String>> ENVELOPES = new TypeReference<>() { };

    private static final int REPLAY_PAGE = 500;
    /** The entry type whose message may carry a file, kept by reference ({@link FeedKeys#fileOf}). */
    private static final String SENT = "message.sent";
    /**
     * Entries read (with their bodies) per step of a replay: a replay holds one such page in memory at a time,
     * whatever its length; an entry of an encrypted message carries the reader's envelopes, up to 64 KiB per device.
     */
    static final int STREAM_PAGE = 50;

    private final RedissonReactiveClient redis;
    private final ObjectMapper json;
    private final int liveBuffer;
    private final Duration headCheck;
    private volatile Flux<Long> epochChanges;

    public FeedQueries(RedissonReactiveClient redis, ObjectMapper objectMapper,
                       @Value("${messenger.feed.live-buffer:10000}") int liveBuffer,
                       @Value("${messenger.feed.head-check:10s}") Duration headCheck) {
        this.redis = redis;
        this.json = objectMapper;
        this.liveBuffer = liveBuffer;
        this.headCheck = headCheck;
    }

    /** A stored entry; {@code messageId} is set when its body is kept by reference. */
    private record StoredEntry(long position, String type, String json, String conversationId, String messageId) {
    }

    /**
     * The feed's epoch. A position handed to clients is {@code epoch × EPOCH_SPAN + n}, n being the entry's number in
     * the feed as it is now: every rebuild of the feed (an operator's, or the repair after Redis lost data) starts a
     * new epoch, so positions from before it can never be mistaken for entries of the new feed, and stay strictly
     * increasing. Epoch 0 (a feed never rebuilt) gives the plain numbers 1, 2, 3 ...
     */
    public Mono<Long> findEpoch() {
        return redis.getAtomicLong(FeedKeys.EPOCH).get();
    }

    /** Up to {@code limit} entries after {@code since}, preceded by a reset entry when some of them are gone. */
    public Mono<List<FeedEntry>> findEntriesAfter(String userId, long since, int limit) {
        return findEpoch().flatMap(epoch -> entriesAfter(userId, since, limit, epoch * FeedKeys.EPOCH_SPAN));
    }

    private Mono<List<FeedEntry>> entriesAfter(String userId, long since, int limit, long base) {
        // 0 is "from the start" in any epoch; a position of another epoch is as good as unknown: resume at the head
        boolean sameEpoch = since == 0 || (since >= base && since - base < FeedKeys.EPOCH_SPAN);
        // the head is read first: an entry appended after it cannot be mistaken for a trimmed one
        return head(userId).flatMap(head -> {
            long from = !sameEpoch ? head : since == 0 ? 0 : since - base;
            return range(userId, from + 1, Long.MAX_VALUE, limit).map(entries -> {
                List<FeedEntry> withReset = new ArrayList<>(entries.size() + 1);
                if (!sameEpoch || from > head) {
                    // the client is from an earlier feed, or ahead of this one: it was rebuilt
                    withReset.add(FeedEntry.reset(since, base + head));
                } else if (entries.isEmpty() ? head > from : entries.get(0).position() > from + 1) {
                    withReset.add(FeedEntry.reset(since, base + (entries.isEmpty() ? head : entries.get(0).position() - 1)));
                }
                entries.forEach(entry -> withReset.add(entry.after(base)));
                return withReset;
            });
        });
    }

    /**
     * Everything after {@code since}, then live. The live subscription is confirmed before the replay
     * reads, so nothing falls between them; positions already sent are dropped, and a jump in live
     * positions (a lost pub/sub message) is filled from the stream, and so is one the periodic head check finds (a lost
     * message with none after it). When the feed is rebuilt meanwhile (a new epoch),
     * the stream ends with a reset: the client reconnects and starts over in the new feed.
     */
    public Flux<FeedEntry> streamEntriesAfter(String userId, long since) {
        Flux<Long> epochChanges = epochChanges();
        return findEpoch().flatMapMany(epoch -> {
            long base = epoch * FeedKeys.EPOCH_SPAN;
            Sinks.Many<FeedEntry> live = Sinks.many().unicast().onBackpressureBuffer(Queues.<FeedEntry>get(liveBuffer).get());
            RTopicReactive topic = redis.getTopic(FeedKeys.channel(userId), StringCodec.INSTANCE);
            AtomicLong sent = new AtomicLong(since == 0 ? base : since);
            return topic.addListener(String.class, (channel, message) -> {
                        synchronized (live) {
                            if (live.tryEmitNext(parse(message).after(base)).isFailure()) {
                                live.tryEmitError(new IllegalStateException("live feed buffer overflow: reconnect with Last-Event-ID"));
                            }
                        }
                    })
                    .flatMapMany(listener -> replayAfter(userId, since, base)
                            .concatWith(live.asFlux().mergeWith(headChecks(userId, base)))
                            .concatMap(entry -> {
                                if (entry.isReset()) {
                                    sent.set(entry.position());
                                    return Flux.just(entry);
                                }
                                long last = sent.get();
                                if (entry.position() <= last) {
                                    return Flux.empty();
                                }
                                if (entry.position() == last + 1 && !entry.isHeadCheck()) {
                                    return Flux.just(entry);
                                }
                                return range(userId, last + 1 - base, entry.position() - base, Integer.MAX_VALUE)
                                        .flatMapMany(Flux::fromIterable).map(missed -> missed.after(base));
                            })
                            .doOnNext(entry -> sent.set(entry.position()))
                            .takeUntilOther(epochChanges.filter(changed -> changed != epoch.longValue()).next())
                            .concatWith(Mono.defer(() -> findEpoch().filter(now -> now != epoch.longValue())
                                    .map(now -> FeedEntry.reset(sent.get(), now * FeedKeys.EPOCH_SPAN))))
                            .doFinally(signal -> topic.removeListener(listener)
                                    .subscribe(null, e -> { /* Redis gone: the subscription went with the connection */ })));
        });
    }

    /**
     * The feed's head, every {@link #headCheck}: a pub/sub message is lost when the subscriber's connection to Redis
     * drops while it is published (Redis restarted, a failover, a network blip), and nothing else would tell a
     * stream whose user receives nothing more. One read per open stream and period; a failed read waits for the next.
     */
    private Flux<FeedEntry> headChecks(String userId, long base) {
        return Flux.interval(headCheck, headCheck)
                .onBackpressureDrop()
                .concatMap(tick -> head(userId).map(head -> FeedEntry.headCheck(base + head)).onErrorResume(e -> Mono.empty()), 1);
    }

    /**
     * Everything after {@code since} (preceded by a reset entry when some of it is gone), read page by page as the
     * subscriber asks for more: a slow reader, or a replay of the whole retained feed, holds one page in memory.
     */
    public Flux<FeedEntry> replayAfter(String userId, long since) {
        return findEpoch().flatMapMany(epoch -> replayAfter(userId, since, epoch * FeedKeys.EPOCH_SPAN));
    }

    private Flux<FeedEntry> replayAfter(String userId, long since, long base) {
        return entriesAfter(userId, since, STREAM_PAGE, base)
                .expand(page -> {
                    long entries = page.stream().filter(entry -> !entry.isReset()).count();
                    return entries < STREAM_PAGE ? Mono.empty()
                            : range(userId, page.get(page.size() - 1).position() - base + 1, Long.MAX_VALUE, STREAM_PAGE)
                                    .map(next -> next.stream().map(entry -> entry.after(base)).toList());
                })
                .concatMap(Flux::fromIterable, 1);
    }

    /** The newest position of the user's feed (its epoch's base when empty). */
    public Mono<Long> findHead(String userId) {
        return findEpoch().flatMap(epoch -> head(userId).map(head -> epoch * FeedKeys.EPOCH_SPAN + head));
    }

    private Mono<Long> head(String userId) {
        return redis.getAtomicLong(FeedKeys.position(userId)).get();
    }

    /**
     * This node's one subscription to the announcements of new epochs, shared by every open stream, and the epoch read
     * every {@link #headCheck} (one read per node): an announcement is pub/sub, lost when it is published while this
     * node's subscription is reconnecting, which is just when a repair after a Redis restart publishes one. A stream
     * that missed it would go on in the old epoch's positions, dropping the new feed's entries as already sent.
     */
    private Flux<Long> epochChanges() {
        Flux<Long> changes = epochChanges;
        if (changes == null) {
            synchronized (this) {
                if (epochChanges == null) {
                    Sinks.Many<Long> sink = Sinks.many().multicast().directBestEffort();
                    redis.getTopic(FeedKeys.EPOCH_CHANNEL, StringCodec.INSTANCE)
                            .addListener(String.class, (channel, message) -> sink.tryEmitNext(Long.parseLong(message)))
                            .subscribe(null, e -> { /* Redis down: the periodic read below still tells */ });
                    Flux<Long> read = Flux.interval(headCheck, headCheck)
                            .onBackpressureDrop()
                            .concatMap(tick -> findEpoch().onErrorResume(e -> Mono.empty()), 1);
                    epochChanges = Flux.merge(sink.asFlux(), read).share();
                }
                changes = epochChanges;
            }
        }
        return changes;
    }

    /** Entries with positions in [from, to], in pages, up to {@code limit}, with their current message bodies. */
    private Mono<List<FeedEntry>> range(String userId, long from, long to, int limit) {
        RStreamReactive<String, String> stream = redis.getStream(FeedKeys.stream(userId), StringCodec.INSTANCE);
        StreamMessageId end = to == Long.MAX_VALUE ? StreamMessageId.MAX : new StreamMessageId(to, Long.MAX_VALUE);
        return Mono.defer(() -> page(stream, from, end, limit, new ArrayList<>())).flatMap(entries -> withBodies(userId, entries));
    }

    /**
     * Puts each referenced message's current body in its entry: null, no file and {@code deleted: true} once it was
     * deleted; and in a reply's {@code replyPreview}, the quoted message's current text (or {@code deleted}).
     */
    private Mono<List<FeedEntry>> withBodies(String userId, List<StoredEntry> entries) {
        Map<String, java.util.Set<String>> wanted = new java.util.HashMap<>();
        Map<StoredEntry, String> quotedIds = new java.util.IdentityHashMap<>();
        for (StoredEntry entry : entries) {
            if (entry.messageId() != null) {
                java.util.Set<String> ids = wanted.computeIfAbsent(entry.conversationId(), c -> new java.util.HashSet<>());
                ids.add(entry.messageId());
                if (SENT.equals(entry.type())) {
                    ids.add(FeedKeys.fileOf(entry.messageId()));
                }
                String quoted = quotedId(entry);
                if (quoted != null) {
                    quotedIds.put(entry, quoted);
                    ids.add(quoted); // a reply quotes a message of its own conversation
                }
            }
        }
        if (wanted.isEmpty()) {
            return Mono.just(entries.stream().map(e -> new FeedEntry(e.position(), e.type(), e.json())).toList());
        }
        return reactor.core.publisher.Flux.fromIterable(wanted.entrySet())
                .flatMap(w -> redis.<String, String>getMap(FeedKeys.bodies(w.getKey()), StringCodec.INSTANCE).getAll(w.getValue())
                        .map(found -> Map.entry(w.getKey(), found)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(bodies -> entries.stream().map(e -> {
                    if (e.messageId() == null) {
                        return new FeedEntry(e.position(), e.type(), e.json());
                    }
                    Map<String, String> ofConversation = bodies.getOrDefault(e.conversationId(), Map.of());
                    String quoted = quotedIds.get(e);
                    return new FeedEntry(e.position(), e.type(), withBody(userId, e.json(), ofConversation.get(e.messageId()),
                            ofConversation.get(FeedKeys.fileOf(e.messageId())), quoted, quoted == null ? null : ofConversation.get(quoted)));
                }).toList());
    }

    /** The id of the message a stored entry's reply quotes; only entries that mention a replyPreview are parsed. */
    private String quotedId(StoredEntry entry) {
        if (!entry.json().contains("\"replyPreview\"")) {
            return null;
        }
        try {
            String id = json.readTree(entry.json()).path("replyPreview").path("messageId").asText(null);
            return id == null || id.isEmpty() ? null : id;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable feed entry", e);
        }
    }

    /**
     * An encrypted message's reference holds all its envelopes (a JSON object): the reader gets those of
     * their own devices, in {@code ciphertexts}, and its body stays null. A reply's preview gets the quoted body
     * ({@code quotedBody}, null when it is deleted); the text of an encrypted one stays unknown. A message's file is kept
     * by reference too ({@code file}, its {@code media} JSON): a deleted message no longer says which file it had.
     */
    private String withBody(String userId, String stored, String body, String file, String quotedId, String quotedBody) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(stored);
            if (file != null && body != null) {
                node.set("media", json.readTree(file));
            }
            boolean encrypted = node.path("encrypted").asBoolean(false);
            if (encrypted) {
                node.putNull("body");
                ObjectNode own = node.putObject("ciphertexts");
                if (body != null) {
                    Map<String, String> all = json.readValue(body, ENVELOPES);
                    EncryptedMessageSent.envelopesFor(all, userId).forEach(own::put);
                }
            } else {
                node.put("body", body == null || body.equals(FeedKeys.NO_CAPTION) ? null : body);
            }
            if (body == null) {
                // deleted: like history's tombstone, no body, no file and nothing quoted
                node.put("deleted", true);
                node.remove("media");
                node.remove("replyPreview");
            } else if (quotedId != null && node.get("replyPreview") instanceof ObjectNode preview) {
                String text = encrypted || quotedBody == null || quotedBody.equals(FeedKeys.NO_CAPTION) ? null
                        : ReplyPreview.shorten(quotedBody);
                preview.put("preview", text);
                preview.put("deleted", quotedBody == null);
            }
            return json.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable feed entry", e);
        }
    }

    private Mono<List<StoredEntry>> page(RStreamReactive<String, String> stream, long from, StreamMessageId end, int limit,
                                         List<StoredEntry> collected) {
        int count = Math.min(REPLAY_PAGE, limit - collected.size());
        if (count <= 0) {
            return Mono.just(collected);
        }
        return stream.range(count, new StreamMessageId(from, 0), end).map(page -> {
            for (Map.Entry<StreamMessageId, Map<String, String>> e : page.entrySet()) {
                Map<String, String> fields = e.getValue();
                String messageId = fields.get(FeedKeys.MESSAGE_FIELD);
                collected.add(new StoredEntry(e.getKey().getId0(), fields.get(FeedKeys.TYPE_FIELD), fields.get(FeedKeys.DATA_FIELD),
                        fields.get(FeedKeys.CONVERSATION_FIELD), messageId == null || messageId.isEmpty() ? null : messageId));
            }
            return page.size();
        }).flatMap(size -> size < count ? Mono.just(collected)
                : page(stream, collected.get(collected.size() - 1).position() + 1, end, limit, collected));
    }

    private static FeedEntry parse(String message) {
        long receivedAt = System.nanoTime();
        int first = message.indexOf('\n');
        int second = message.indexOf('\n', first + 1);
        return new FeedEntry(Long.parseLong(message.substring(0, first)), message.substring(first + 1, second), message.substring(second + 1),
                receivedAt);
    }
}
