package dev.messenger.projections.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageSent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import dev.messenger.projections.support.MemberSets;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * Each user's feed: every event a user may see, in order, with a position of its own (served by
 * {@code GET /events} and {@code GET /sync}). Keeps its own copy of conversation members so it never
 * reads another projection's store.
 */
@Component
@ProcessingGroup(FeedProjection.GROUP)
public class FeedProjection {

    public static final String GROUP = "feed";

    private final RedissonClient redis;
    private final FeedWriter writer;
    private final MemberSets members;
    private final ObjectMapper json;

    public FeedProjection(RedissonClient redis, FeedWriter writer, ObjectMapper objectMapper) {
        this.redis = redis;
        this.writer = writer;
        this.members = new MemberSets(redis, "feed-members");
        this.json = objectMapper;
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber long sequence) {
        members.add(event.conversationId(), event.participants());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", event.conversationId());
        data.put("type", event.type().name().toLowerCase(Locale.ROOT));
        data.put("title", event.title());
        data.put("participants", event.participants());
        data.put("createdAt", event.startedAt());
        writer.append(event.participants(), event.conversationId(), sequence, "conversation.created", write(data));
    }

    @EventHandler
    void on(ParticipantAdded event, @SequenceNumber long sequence) {
        members.add(event.conversationId(), Set.of(event.userId()));
        writer.append(members.of(event.conversationId()), event.conversationId(), sequence, "participant.added", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(),
                "addedBy", event.addedBy(), "addedAt", event.addedAt())));
    }

    @EventHandler
    void on(ParticipantRemoved event, @SequenceNumber long sequence) {
        Set<String> audience = new java.util.HashSet<>(members.of(event.conversationId()));
        audience.add(event.userId());
        writer.append(audience, event.conversationId(), sequence, "participant.removed", write(Map.of(
                "conversationId", event.conversationId(), "userId", event.userId(),
                "removedBy", event.removedBy(), "removedAt", event.removedAt())));
        members.remove(event.conversationId(), event.userId());
    }

    @EventHandler
    void on(MessageSent event, @SequenceNumber long sequence) {
        writer.append(members.of(event.conversationId()), event.conversationId(), sequence, "message.sent",
                write(messageItem(event)));
    }

    /** A history item plus its conversation id: what {@code message.sent} carries. */
    public static Map<String, Object> messageItem(MessageSent event) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("conversationId", event.conversationId());
        item.put("messageId", event.messageId());
        item.put("seq", event.seq());
        item.put("senderId", event.senderId());
        item.put("body", event.body());
        item.put("sentAt", event.sentAt());
        item.put("deleted", false);
        if (event.replyTo() != null) {
            item.put("replyTo", event.replyTo());
        }
        if (event.clientMessageId() != null) {
            item.put("clientMessageId", event.clientMessageId());
        }
        item.put("reactions", Map.of());
        return item;
    }

    @ResetHandler
    void reset() {
        redis.getKeys().deleteByPattern("feed:*");
        members.deleteAll();
        writer.forgetScript();
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("feed entry not serializable", e);
        }
    }
}
