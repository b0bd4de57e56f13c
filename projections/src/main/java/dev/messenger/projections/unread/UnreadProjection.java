package dev.messenger.projections.unread;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.support.ProcessingBatch;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Unread counts: messages from others above each member's read watermark, not deleted. Every write is
 * a set operation or a watermark, so a redelivered or replayed event changes nothing.
 *
 * <p>A processing batch's writes queue in one Redis pipeline that goes out with its last event, and what the
 * handlers need to read (watermarks, the last seq) is read once for every conversation in the batch, in one
 * round trip, then kept up to date by the batch's own events: a backlog of a hundred events costs two round trips,
 * not one or more per event. Outside a batch every write goes out at once.
 */
@Component
@ProcessingGroup(UnreadProjection.GROUP)
public class UnreadProjection {

    public static final String GROUP = "unread";

    private final RedissonClient redis;
    private final dev.messenger.projections.support.RedisLossProbe lossProbe;

    public UnreadProjection(RedissonClient redis, dev.messenger.projections.support.RedisLossProbe lossProbe) {
        this.lossProbe = lossProbe;
        this.redis = redis;
    }

    /** One batch's queued writes and its view of the conversations it touches. */
    private final class Pending implements ProcessingBatch.PendingWrites {
        RBatch pipeline;
        final Map<String, Map<String, String>> watermarks = new HashMap<>();
        final Map<String, String> lastSeqs = new HashMap<>();

        Pending(RBatch pipeline) {
            this.pipeline = pipeline;
        }

        /** Sends the pipeline (after the batch's last event). */
        @Override
        public void flush() {
            RBatch sending = pipeline;
            pipeline = redis.createBatch();
            RFuture<Long> probe = lossProbe.queue(sending);
            sending.execute();
            lossProbe.observed(probe);
        }

        /** Drops the unsent commands, and what they changed of the copies read (read again from Redis). */
        @Override
        public void discard() {
            pipeline.discard();
            pipeline = redis.createBatch();
            watermarks.clear();
            lastSeqs.clear();
        }
    }

    @EventHandler
    void on(ConversationStarted event) {
        Pending pending = pending();
        Map<String, String> watermarks = watermarks(pending, event.conversationId());
        RMapAsync<String, String> read = readMap(pending, event.conversationId());
        for (String user : event.participants()) {
            watermarks.putIfAbsent(user, "0");
            read.fastPutIfAbsentAsync(user, "0");
        }
    }

    /** A new member starts with nothing unread. */
    @EventHandler
    void on(ParticipantAdded event) {
        Pending pending = pending();
        Map<String, String> watermarks = watermarks(pending, event.conversationId());
        String watermark = pending.lastSeqs.getOrDefault(event.conversationId(), "0");
        watermarks.put(event.userId(), watermark);
        readMap(pending, event.conversationId()).fastPutAsync(event.userId(), watermark);
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        Pending pending = pending();
        watermarks(pending, event.conversationId()).remove(event.userId());
        readMap(pending, event.conversationId()).fastRemoveAsync(event.userId());
        pending.pipeline.getKeys().deleteAsync(UnreadKeys.sentBy(event.conversationId(), event.userId()));
        trim(pending, event.conversationId());
    }

    @EventHandler
    void on(MessageSent event) {
        sent(event.conversationId(), event.seq(), event.senderId());
        mentioned(event.conversationId(), event.seq(), event.senderId(), event.sentAt(), event.mentions());
    }

    @EventHandler
    void on(EncryptedMessageSent event) {
        sent(event.conversationId(), event.seq(), event.senderId());
        mentioned(event.conversationId(), event.seq(), event.senderId(), event.sentAt(), event.mentions());
    }

    /**
     * Into the list of each member the message mentions (every member but the sender for everyone, read from the
     * batch's copy of the members only then), newest kept: the list holds references, and readers look the message
     * up, so an edit or a delete needs no write here.
     */
    private void mentioned(String conversationId, long seq, String senderId, java.time.Instant sentAt,
                           dev.messenger.events.message.Mentions mentions) {
        if (mentions == null) {
            return;
        }
        Pending pending = pending();
        Set<String> users = new LinkedHashSet<>(mentions.all() ? watermarks(pending, conversationId).keySet() : mentions.userIds());
        users.remove(senderId);
        String entry = UnreadKeys.mentionEntry(conversationId, seq);
        for (String user : users) {
            var list = pending.pipeline.getScoredSortedSet(UnreadKeys.mentions(user), StringCodec.INSTANCE);
            list.addAsync(sentAt.toEpochMilli(), entry);
            list.removeRangeByRankAsync(0, -UnreadKeys.MAX_MENTIONS - 1);
        }
    }

    private void sent(String conversationId, long seq, String senderId) {
        Pending pending = pending();
        String member = String.valueOf(seq);
        pending.pipeline.getScoredSortedSet(UnreadKeys.live(conversationId), StringCodec.INSTANCE).addAsync(seq, member);
        pending.pipeline.getScoredSortedSet(UnreadKeys.sentBy(conversationId, senderId), StringCodec.INSTANCE).addAsync(seq, member);
        pending.pipeline.getBucket(UnreadKeys.last(conversationId), StringCodec.INSTANCE).setAsync(member);
        pending.lastSeqs.put(conversationId, member);
    }

    /** A deleted message no longer counts, read or not. */
    @EventHandler
    void on(MessageDeleted event) {
        Pending pending = pending();
        String member = String.valueOf(event.seq());
        pending.pipeline.getScoredSortedSet(UnreadKeys.live(event.conversationId()), StringCodec.INSTANCE).removeAsync(member);
        pending.pipeline.getScoredSortedSet(UnreadKeys.sentBy(event.conversationId(), event.senderId()), StringCodec.INSTANCE)
                .removeAsync(member);
    }

    @EventHandler
    void on(MessagesRead event) {
        Pending pending = pending();
        String watermark = String.valueOf(event.upToSeq());
        watermarks(pending, event.conversationId()).put(event.userId(), watermark);
        readMap(pending, event.conversationId()).fastPutAsync(event.userId(), watermark);
        trim(pending, event.conversationId());
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("unread:*");
    }

    /** Drops the seqs that every member has read: they can never count again. */
    private void trim(Pending pending, String conversationId) {
        Map<String, String> watermarks = pending.watermarks.get(conversationId);
        long everyoneRead = watermarks.values().stream().mapToLong(Long::parseLong).min().orElse(0);
        if (everyoneRead <= 0) {
            return;
        }
        pending.pipeline.getScoredSortedSet(UnreadKeys.live(conversationId), StringCodec.INSTANCE)
                .removeRangeByScoreAsync(0, true, everyoneRead, true);
        for (String member : watermarks.keySet()) {
            pending.pipeline.getScoredSortedSet(UnreadKeys.sentBy(conversationId, member), StringCodec.INSTANCE)
                    .removeRangeByScoreAsync(0, true, everyoneRead, true);
        }
    }

    /**
     * The conversation's watermarks as of the event being handled. The first look in a batch reads the watermarks
     * and last seqs of every conversation in it, in one round trip.
     */
    private Map<String, String> watermarks(Pending pending, String conversationId) {
        if (!pending.watermarks.containsKey(conversationId)) {
            Set<String> ids = new LinkedHashSet<>(ProcessingBatch.aggregateIds());
            ids.add(conversationId);
            ids.removeAll(pending.watermarks.keySet());
            RBatch reads = redis.createBatch();
            Map<String, RFuture<Map<String, String>>> watermarks = new HashMap<>();
            Map<String, RFuture<String>> lastSeqs = new HashMap<>();
            for (String id : ids) {
                watermarks.put(id, reads.<String, String>getMap(UnreadKeys.read(id), StringCodec.INSTANCE).readAllMapAsync());
                lastSeqs.put(id, reads.<String>getBucket(UnreadKeys.last(id), StringCodec.INSTANCE).getAsync());
            }
            reads.execute();
            watermarks.forEach((id, read) -> pending.watermarks.put(id, new HashMap<>(read.toCompletableFuture().join())));
            lastSeqs.forEach((id, read) -> {
                String last = read.toCompletableFuture().join();
                if (last != null) {
                    pending.lastSeqs.putIfAbsent(id, last);
                }
            });
        }
        return pending.watermarks.get(conversationId);
    }

    private static RMapAsync<String, String> readMap(Pending pending, String conversationId) {
        return pending.pipeline.getMap(UnreadKeys.read(conversationId), StringCodec.INSTANCE);
    }

    private Pending pending() {
        return ProcessingBatch.resource(UnreadProjection.class.getName(), () -> new Pending(redis.createBatch()));
    }
}
