package dev.messenger.projections.unread;

import static dev.messenger.projections.support.Batches.handleInOneBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Unread counts on a real Redis: right after reads, deletes, joins and leaves, and under redelivery. */
class UnreadProjectionIT {

    private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");

    private RedissonClient redis;
    private UnreadProjection projection;
    private String c;

    @BeforeEach
    void setUp() {
        redis = Engines.redis();
        projection = new UnreadProjection(redis, new dev.messenger.projections.support.RedisLossProbe(redis));
        c = "g-" + UUID.randomUUID();
        Batches.handle(projection, new ConversationStarted(c, ConversationType.GROUP, "G", "a", List.of("a", "b"), AT));
    }

    @Test
    void messagesFromOthersCountUntilRead() {
        send(1, "a");
        send(2, "b");
        send(3, "a");
        assertThat(unread("b")).isEqualTo(2);
        assertThat(unread("a")).isEqualTo(1);
        Batches.handle(projection, new MessagesRead(c, "b", 1, AT));
        assertThat(unread("b")).isEqualTo(1);
    }

    @Test
    void redeliveryCountsNothingTwice() {
        MessageSent first = send(1, "a");
        Batches.handle(projection, first);
        Batches.handle(projection, new MessageDeleted(c, "m-1", 1, "a", AT));
        Batches.handle(projection, new MessageDeleted(c, "m-1", 1, "a", AT));
        send(2, "a");
        assertThat(unread("b")).isEqualTo(1);
    }

    @Test
    void aDeletedUnreadMessageNoLongerCounts() {
        send(1, "a");
        send(2, "a");
        Batches.handle(projection, new MessageDeleted(c, "m-2", 2, "a", AT));
        assertThat(unread("b")).isEqualTo(1);
    }

    @Test
    void aNewMemberStartsWithNothingUnread() {
        send(1, "a");
        Batches.handle(projection, new ParticipantAdded(c, "n", "a", AT));
        assertThat(unread("n")).isZero();
        send(2, "b");
        assertThat(unread("n")).isEqualTo(1);
    }

    @Test
    void seqsEveryoneHasReadAreTrimmedWithoutChangingCounts() {
        send(1, "a");
        send(2, "a");
        send(3, "b");
        Batches.handle(projection, new MessagesRead(c, "a", 3, AT));
        Batches.handle(projection, new MessagesRead(c, "b", 2, AT));
        assertThat(redis.getScoredSortedSet(UnreadKeys.live(c), StringCodec.INSTANCE).size()).isEqualTo(1);
        assertThat(unread("b")).isZero();
        assertThat(unread("a")).isZero();
        Batches.handle(projection, new ParticipantRemoved(c, "b", "b", AT));
        assertThat(redis.getMap(UnreadKeys.read(c), StringCodec.INSTANCE).containsKey("b")).isFalse();
    }

    @Test
    void aProcessingBatchEndsWhereTheSameEventsOneByOneEnd() {
        String d = "g-" + UUID.randomUUID();
        List<Object> inBatch = story(c);
        handleInOneBatch(projection, c, inBatch.toArray());
        Batches.handle(projection, new ConversationStarted(d, ConversationType.GROUP, "G", "a", List.of("a", "b"), AT));
        for (Object event : story(d)) {
            Batches.handle(projection, event); // a batch of its own each
        }
        for (String user : List.of("a", "b", "n")) {
            assertThat(unread(c, user)).as(user).isEqualTo(unread(d, user));
        }
        assertThat(unread(c, "n")).isEqualTo(3);
        assertThat(unread(c, "a")).isEqualTo(1);
        assertThat(unread(c, "b")).isEqualTo(2);
        assertThat(redis.getScoredSortedSet(UnreadKeys.live(c), StringCodec.INSTANCE).readAll())
                .isEqualTo(redis.getScoredSortedSet(UnreadKeys.live(d), StringCodec.INSTANCE).readAll());
        assertThat(redis.<String, String>getMap(UnreadKeys.read(c), StringCodec.INSTANCE).readAllMap())
                .isEqualTo(redis.<String, String>getMap(UnreadKeys.read(d), StringCodec.INSTANCE).readAllMap());
    }

    /** Sends, reads (one that trims), a join that must see the batch's own last seq, a delete and more sends. */
    private static List<Object> story(String conversation) {
        return List.of(
                new MessageSent(conversation, "m-1", 1, "a", "x", null, null, AT),
                new MessageSent(conversation, "m-2", 2, "b", "x", null, null, AT),
                new MessagesRead(conversation, "b", 2, AT),
                new MessagesRead(conversation, "a", 2, AT),
                new MessageSent(conversation, "m-3", 3, "a", "x", null, null, AT),
                new ParticipantAdded(conversation, "n", "a", AT),
                new MessageSent(conversation, "m-4", 4, "a", "x", null, null, AT),
                new MessageSent(conversation, "m-5", 5, "b", "x", null, null, AT),
                new MessageDeleted(conversation, "m-3", 3, "a", AT),
                new MessageSent(conversation, "m-6", 6, "a", "x", null, null, AT));
    }

    private MessageSent send(long seq, String sender) {
        MessageSent sent = new MessageSent(c, "m-" + seq, seq, sender, "x", null, null, AT);
        Batches.handle(projection, sent);
        return sent;
    }

    private long unread(String userId) {
        return unread(c, userId);
    }

    private long unread(String c, String userId) {
        Long count = redis.getScript(StringCodec.INSTANCE).eval(UnreadKeys.read(c), RScript.Mode.READ_ONLY, UnreadKeys.COUNT_SCRIPT,
                RScript.ReturnType.INTEGER, List.of(UnreadKeys.read(c), UnreadKeys.live(c), UnreadKeys.sentBy(c, userId)), userId);
        return count;
    }
}
