package dev.messenger.query.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.ConversationIds;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.projections.block.BlocksProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocks projection and its queries on a real MongoDB-protocol server: a block is seen from both sides. */
class BlockQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    private BlocksProjection projection;
    private BlockQueries blocks;

    @BeforeEach
    void setUp() {
        MongoDatabase db = Engines.mongo();
        projection = new BlocksProjection(db);
        blocks = new BlockQueries(db);
    }

    @Test
    void aBlockIsSeenFromBothSidesAndUnblockingLiftsIt() {
        Batches.handle(projection, blocked("alice", "bob"));

        assertThat(blocks.findBlockedBy("alice").block()).containsExactly("bob");
        assertThat(blocks.findBlockedBy("bob").block()).isEmpty();
        assertThat(blocks.findBlockRelations("bob", List.of("alice", "carol")).block()).containsExactly("alice");
        assertThat(blocks.findBlockRelations("alice", List.of("bob", "carol")).block()).containsExactly("bob");
        assertThat(blocks.isEitherBlocking("bob", "alice").block()).isTrue();
        assertThat(blocks.isEitherBlocking("bob", "carol").block()).isFalse();

        Batches.handle(projection, new UserUnblocked(ConversationIds.direct("alice", "bob"), "alice", "bob", AT));
        assertThat(blocks.findBlockedBy("alice").block()).isEmpty();
        assertThat(blocks.findBlockRelations("bob", List.of("alice")).block()).isEmpty();
    }

    @Test
    void aRedeliveredBlockIsRecordedOnce() {
        Batches.handle(projection, blocked("alice", "bob"));
        Batches.handle(projection, blocked("alice", "bob"));
        Batches.handle(projection, blocked("alice", "carol"));

        assertThat(blocks.findBlockedBy("alice").block()).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void aRebuildStartsFromNothing() {
        Batches.handle(projection, blocked("alice", "bob"));
        Batches.reset(projection);

        assertThat(blocks.findBlockedBy("alice").block()).isEmpty();
    }

    private static UserBlocked blocked(String blocker, String blockedUser) {
        return new UserBlocked(ConversationIds.direct(blocker, blockedUser), blocker, blockedUser, AT);
    }
}
