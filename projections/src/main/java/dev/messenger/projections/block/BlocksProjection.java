package dev.messenger.projections.block;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.projections.support.MongoWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who blocks whom ({@link UserBlocks}), for the
 * blocked list and the checks that need not be atomic with a block (adding to a group, presence).
 * Sends in the pair's conversation are checked by its aggregate, never here.
 */
@Component
@ProcessingGroup(BlocksProjection.GROUP)
public class BlocksProjection {

    public static final String GROUP = "blocks";

    private final MongoDatabase db;

    public BlocksProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    void on(UserBlocked event) {
        Mono.from(db.getCollection(UserBlocks.COLLECTION).updateOne(eq("_id", event.blockerId()),
                Updates.addToSet(UserBlocks.BLOCKED, event.blockedId()), new UpdateOptions().upsert(true))).block();
    }

    @EventHandler
    void on(UserUnblocked event) {
        Mono.from(db.getCollection(UserBlocks.COLLECTION).updateOne(eq("_id", event.blockerId()), Updates.pull(UserBlocks.BLOCKED, event.blockedId()))).block();
    }

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, UserBlocks.COLLECTION);
    }
}
