package dev.messenger.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.message.MessageView;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging through 250 messages across bucket borders, both ways, on a real MongoDB-protocol server. */
class HistoryQueriesIT {

    private static final String C = "c-paging";
    private static final int MESSAGES = 250;
    private static MongoDatabase db;

    @BeforeAll
    static void history() {
        db = Engines.mongo();
        HistoryProjection projection = new HistoryProjection(db);
        for (long seq = 1; seq <= MESSAGES; seq++) {
            Batches.handle(projection, new MessageSent(C, "m-" + seq, seq, "u-1", "body " + seq, null, null, Instant.EPOCH.plusSeconds(seq)));
        }
    }

    @Test
    void pagingBackFromTheNewestReturnsEveryMessageOnceNewestFirst() {
        HistoryQueries history = new HistoryQueries(db);
        List<Long> seen = new ArrayList<>();
        Long before = null;
        do {
            HistoryPage page = history.findHistoryBefore(C, before, 37).block();
            page.messages().forEach(m -> seen.add(m.seq()));
            before = page.next();
        } while (before != null);
        assertThat(seen).hasSize(MESSAGES).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(seen.get(0)).isEqualTo(MESSAGES);
    }

    @Test
    void pagingForwardFromTheStartReturnsEveryMessageOnceOldestFirst() {
        HistoryQueries history = new HistoryQueries(db);
        List<Long> seen = new ArrayList<>();
        Long after = 0L;
        do {
            HistoryPage page = history.findHistoryAfter(C, after, 53).block();
            page.messages().forEach(m -> seen.add(m.seq()));
            after = page.next();
        } while (after != null);
        assertThat(seen).hasSize(MESSAGES).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aPageIsShapedAsTheApiSays() {
        MessageView item = new HistoryQueries(db).findHistoryBefore(C, 101L, 1).block().messages().get(0);
        assertThat(item.seq()).isEqualTo(100L);
        assertThat(item.body()).isEqualTo("body 100");
        assertThat(item.deleted()).isFalse();
        assertThat(item.conversationId()).isEqualTo(C);
        assertThat(item.messageId()).isEqualTo("m-100");
        assertThat(item.sentAt()).isEqualTo(Instant.EPOCH.plusSeconds(100));
        assertThat(item.reactions()).isEmpty();
        assertThat(item.encrypted()).isNull();
    }

    @Test
    void anUnknownConversationHasNoHistory() {
        HistoryPage page = new HistoryQueries(db).findHistoryBefore("c-none", null, 50).block();
        assertThat(page.messages()).isEmpty();
        assertThat(page.next()).isNull();
    }
}
