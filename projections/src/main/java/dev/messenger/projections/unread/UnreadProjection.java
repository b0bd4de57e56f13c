package dev.messenger.projections.unread;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesRead;
import java.util.Collection;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.redisson.api.RBatch;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Unread counts: messages from others above each member's read watermark, not deleted. Every write is
 * a set operation or a watermark, so a redelivered or replayed event changes nothing.
 */
@Component
@ProcessingGroup(UnreadProjection.GROUP)
public class UnreadProjection {

    public static final String GROUP = "unread";

    private final RedissonClient redis;

    public UnreadProjection(RedissonClient redis) {
        this.redis = redis;
    }

    @EventHandler
    void on(ConversationStarted event) {
        RMap<String, String> read = read(event.conversationId());
        event.participants().forEach(user -> read.fastPutIfAbsent(user, "0"));
    }

    /** A new member starts with nothing unread. */
    @EventHandler
    void on(ParticipantAdded event) {
        String last = redis.<String>getBucket(UnreadKeys.last(event.conversationId()), StringCodec.INSTANCE).get();
        read(event.conversationId()).fastPut(event.userId(), last == null ? "0" : last);
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        RBatch batch = redis.createBatch();
        batch.getMap(UnreadKeys.read(event.conversationId()), StringCodec.INSTANCE).fastRemoveAsync(event.userId());
        batch.getKeys().deleteAsync(UnreadKeys.sentBy(event.conversationId(), event.userId()));
        batch.execute();
        trim(event.conversationId());
    }

    @EventHandler
    void on(MessageSent event) {
        sent(event.conversationId(), event.seq(), event.senderId());
    }

    @EventHandler
    void on(EncryptedMessageSent event) {
        sent(event.conversationId(), event.seq(), event.senderId());
    }

    private void sent(String conversationId, long seq, String senderId) {
        String member = String.valueOf(seq);
        RBatch batch = redis.createBatch();
        batch.getScoredSortedSet(UnreadKeys.live(conversationId), StringCodec.INSTANCE).addAsync(seq, member);
        batch.getScoredSortedSet(UnreadKeys.sentBy(conversationId, senderId), StringCodec.INSTANCE).addAsync(seq, member);
        batch.getBucket(UnreadKeys.last(conversationId), StringCodec.INSTANCE).setAsync(member);
        batch.execute();
    }

    /** A deleted message no longer counts, read or not. */
    @EventHandler
    void on(MessageDeleted event) {
        String member = String.valueOf(event.seq());
        RBatch batch = redis.createBatch();
        batch.getScoredSortedSet(UnreadKeys.live(event.conversationId()), StringCodec.INSTANCE).removeAsync(member);
        batch.getScoredSortedSet(UnreadKeys.sentBy(event.conversationId(), event.senderId()), StringCodec.INSTANCE).removeAsync(member);
        batch.execute();
    }

    @EventHandler
    void on(MessagesRead event) {
        read(event.conversationId()).fastPut(event.userId(), String.valueOf(event.upToSeq()));
        trim(event.conversationId());
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("unread:*");
    }

    /** Drops the seqs that every member has read: they can never count again. */
    private void trim(String conversationId) {
        Map<String, String> watermarks = read(conversationId).readAllMap();
        long everyoneRead = watermarks.values().stream().mapToLong(Long::parseLong).min().orElse(0);
        if (everyoneRead <= 0) {
            return;
        }
        RBatch batch = redis.createBatch();
        batch.getScoredSortedSet(UnreadKeys.live(conversationId), StringCodec.INSTANCE)
                .removeRangeByScoreAsync(0, true, everyoneRead, true);
        for (String member : (Collection<String>) watermarks.keySet()) {
            batch.getScoredSortedSet(UnreadKeys.sentBy(conversationId, member), StringCodec.INSTANCE)
                    .removeRangeByScoreAsync(0, true, everyoneRead, true);
        }
        batch.execute();
    }

    private RMap<String, String> read(String conversationId) {
        return redis.getMap(UnreadKeys.read(conversationId), StringCodec.INSTANCE);
    }
}
