package dev.messenger.query.mention;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.Mentions;
import dev.messenger.projections.conversation.InboxProjection;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import dev.messenger.projections.support.RedisLossProbe;
import dev.messenger.projections.unread.UnreadProjection;
import dev.messenger.query.conversation.ConversationQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * A user's mentions as the unread projection keeps them and the query reads them, on real Redis and MongoDB-protocol
 * servers: newest first, paged, an edit shown, a delete and a left conversation left out, redelivery adding nothing.
 */
class MentionQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    private final List<Object> projections = new ArrayList<>();
    private MentionQueries mentions;
    private String group;
    private String carol;

    @BeforeEach
    void setUp() {
        RedissonClient redis = Engines.redis();
        MongoDatabase db = Engines.mongo();
        projections.add(new UnreadProjection(redis, new RedisLossProbe(redis)));
        projections.add(new HistoryProjection(db));
        projections.add(new InboxProjection(db));
        mentions = new MentionQueries(redis.reactive(), db, new ConversationQueries(db));
        group = "g-" + UUID.randomUUID();
        carol = "u-carol-" + UUID.randomUUID();
        handle(new ConversationStarted(group, ConversationType.GROUP, "G", "u-alice", List.of("u-alice", "u-bob", carol), AT));
    }

    private void handle(Object event) {
        projections.forEach(projection -> Batches.handle(projection, event));
    }

    private MessageSent sent(long seq, String sender, Mentions mentioned) {
        MessageSent event = new MessageSent(group, "m-" + seq + "-" + group, seq, sender, "body " + seq, null, null, AT.plusSeconds(seq),
                MessageKind.TEXT, null, null, false, mentioned);
        handle(event);
        return event;
    }

    private List<String> page(String user, int limit) {
        List<String> ids = new ArrayList<>();
        Optional<MentionQueries.MentionCursor> cursor = Optional.empty();
        do {
            MentionQueries.MentionPage page = mentions.findMentions(user, limit, cursor).block();
            page.mentions().forEach(m -> ids.add(m.seq() + " " + m.preview()));
            cursor = page.next() == null ? Optional.empty() : MentionQueries.MentionCursor.decode(page.next());
        } while (cursor.isPresent());
        return ids;
    }

    @Test
    void aMemberFindsTheMessagesThatMentionThemNewestFirst() {
        sent(1, "u-bob", new Mentions(List.of(carol), false));
        sent(2, "u-bob", null);
        MessageSent everyone = sent(3, "u-alice", new Mentions(List.of(), true));
        sent(4, "u-alice", new Mentions(List.of("u-bob"), false));
        handle(everyone); // redelivered

        assertThat(page(carol, 20)).containsExactly("3 body 3", "1 body 1");
        assertThat(page(carol, 1)).containsExactly("3 body 3", "1 body 1");
        assertThat(page("u-bob", 20)).containsExactly("4 body 4", "3 body 3");
        assertThat(page("u-alice", 20)).as("nobody is in their own everyone").isEmpty();
    }

    @Test
    void anEditShowsAndADeletedMessageOrALeftConversationIsLeftOut() {
        sent(1, "u-bob", new Mentions(List.of(carol), false));
        sent(2, "u-bob", new Mentions(List.of(carol), false));
        handle(new MessageEdited(group, "m-1-" + group, 1, "u-bob", "body 1, edited", AT));
        handle(new MessageDeleted(group, "m-2-" + group, 2, "u-bob", AT));
        assertThat(page(carol, 20)).containsExactly("1 body 1, edited");

        handle(new ParticipantRemoved(group, carol, carol, AT, 2L));
        assertThat(page(carol, 20)).isEmpty();
    }
}
