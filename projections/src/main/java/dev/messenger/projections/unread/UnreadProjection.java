package dev.messenger.projections.unread;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.support.MemberSets;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/** Per user and conversation, how many messages from others arrived (read receipts will lower it). */
@Component
@ProcessingGroup(UnreadProjection.GROUP)
public class UnreadProjection {

    public static final String GROUP = "unread";

    private static final String COUNT = """
            local applied = redis.call('HGET', KEYS[2], ARGV[1])
            if applied and tonumber(applied) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            """;

    private final RedissonClient redis;
    private final MemberSets members;

    public UnreadProjection(RedissonClient redis) {
        this.redis = redis;
        this.members = new MemberSets(redis, "unread-members");
    }

    @EventHandler
    void on(ConversationStarted event) {
        members.add(event.conversationId(), event.participants());
    }

    @EventHandler
    void on(ParticipantAdded event) {
        members.add(event.conversationId(), Set.of(event.userId()));
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        members.remove(event.conversationId(), event.userId());
        redis.getMap(UnreadKeys.counts(event.userId()), StringCodec.INSTANCE).fastRemove(event.conversationId());
    }

    @EventHandler
    void on(MessageSent event) {
        RBatch batch = redis.createBatch();
        for (String userId : members.of(event.conversationId())) {
            if (!userId.equals(event.senderId())) {
                batch.getScript(StringCodec.INSTANCE).evalAsync(UnreadKeys.counts(userId), RScript.Mode.READ_WRITE, COUNT,
                        RScript.ReturnType.INTEGER, List.of(UnreadKeys.counts(userId), UnreadKeys.applied(userId)),
                        event.conversationId(), String.valueOf(event.seq()));
            }
        }
        batch.execute();
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("unread:*");
        members.deleteAll();
    }
}
