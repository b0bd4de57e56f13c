package dev.messenger.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.message.MessageView;
import dev.messenger.projections.message.ServiceItem;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group's service items among its messages, on a real MongoDB-protocol server: each in the gap after the message it
 * follows, pages back and forth holding each once, a membership change recorded before events said where it goes put
 * after the newest message, and a redelivered event adding nothing.
 */
class HistoryServiceItemsIT {

    private static final String C = "g-service-items";
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private static MongoDatabase db;

    @BeforeAll
    static void history() {
        db = Engines.mongo();
        HistoryProjection projection = new HistoryProjection(db);
        Batches.handle(projection, new ParticipantAdded(C, "u-carol", "u-alice", AT, 0L));
        Batches.handle(projection, sent(1));
        Batches.handle(projection, sent(2));
        // recorded before events carried afterSeq: it goes after the newest message, here sent in the same batch
        Batches.handleInOneBatch(projection, C, sent(3), new ParticipantRemoved(C, "u-bob", "u-bob", AT));
        EventMessage<?> promoted = new GenericDomainEventMessage<>("Conversation", C, 900,
                new ParticipantRoleChanged(C, "u-carol", ParticipantRole.ADMIN, "u-alice", 3, AT));
        Batches.handleMessages(projection, List.of(promoted));
        Batches.handle(projection, sent(4));
        Batches.handle(projection, sent(5));
        Batches.handle(projection, new ConversationRenamed(C, "Team Berlin", "u-carol", 5, AT));
        Batches.handleMessages(projection, List.of(promoted)); // redelivered
    }

    private static MessageSent sent(long seq) {
        return new MessageSent(C, "m-" + seq, seq, "u-alice", "body " + seq, null, null, AT.plusSeconds(seq));
    }

    @Test
    void pagingForwardShowsEachChangeRightAfterTheMessageItFollows() {
        HistoryPage page = new HistoryQueries(db).findHistoryAfter(C, 0, 50).block();
        assertThat(lines(page)).containsExactly("member.added u-carol", "m-1", "m-2", "m-3", "member.left u-bob",
                "role.changed u-carol", "m-4", "m-5", "conversation.renamed Team Berlin");
        ServiceItem left = page.serviceItems().stream().filter(item -> item.type().equals(ServiceItem.MEMBER_LEFT)).findFirst().orElseThrow();
        assertThat(left.afterSeq()).isEqualTo(3);
        assertThat(left.actorId()).isEqualTo("u-bob");
        assertThat(left.serviceId()).isNotBlank();
    }

    @Test
    void pagingBackHoldsEveryChangeOnceNewestFirst() {
        HistoryQueries history = new HistoryQueries(db);
        List<String> seen = new ArrayList<>();
        Long before = null;
        do {
            HistoryPage page = history.findHistoryBefore(C, before, 2).block();
            seen.addAll(lines(page));
            before = page.next();
        } while (before != null);
        assertThat(seen).containsExactly("conversation.renamed Team Berlin", "m-5", "m-4", "role.changed u-carol",
                "member.left u-bob", "m-3", "m-2", "m-1", "member.added u-carol");
    }

    @Test
    void aPageOfOlderMessagesLeavesOutWhatCameAfterItsLast() {
        HistoryPage page = new HistoryQueries(db).findHistoryAfter(C, 0, 3).block();
        assertThat(lines(page)).containsExactly("member.added u-carol", "m-1", "m-2", "m-3");
        assertThat(page.next()).isEqualTo(3);
        assertThat(lines(new HistoryQueries(db).findHistoryAfter(C, 3, 3).block()))
                .containsExactly("member.left u-bob", "role.changed u-carol", "m-4", "m-5", "conversation.renamed Team Berlin");
    }

    @Test
    void aGroupWithoutMessagesShowsItsChanges() {
        HistoryProjection projection = new HistoryProjection(db);
        Batches.handle(projection, new ParticipantAdded("g-quiet", "u-dave", "u-alice", AT, 0L));
        assertThat(lines(new HistoryQueries(db).findHistoryBefore("g-quiet", null, 50).block())).containsExactly("member.added u-dave");
        assertThat(lines(new HistoryQueries(db).findHistoryAfter("g-quiet", 0, 50).block())).containsExactly("member.added u-dave");
    }

    private static List<String> lines(HistoryPage page) {
        return page.items().stream().map(item -> item instanceof MessageView message ? message.messageId()
                : ((ServiceItem) item).type() + " " + (((ServiceItem) item).userId() != null ? ((ServiceItem) item).userId()
                : ((ServiceItem) item).title())).toList();
    }
}
