package dev.messenger.query.block;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.block.BlocksProjection;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Component
public class BlockQueries {

    private final MongoDatabase db;

    public BlockQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    /** The users this user blocks. */
    @SuppressWarnings("unchecked")
    public Mono<List<String>> findBlockedBy(String userId) {
        return Mono.from(db.getCollection(BlocksProjection.COLLECTION).find(eq("_id", userId)).first())
                .map(doc -> List.copyOf((List<String>) doc.get("blocked", List.class)))
                .defaultIfEmpty(List.of());
    }

    /** Whether either of the two blocks the other. */
    @SuppressWarnings("unchecked")
    public Mono<Boolean> isEitherBlocking(String userA, String userB) {
        return Flux.from(db.getCollection(BlocksProjection.COLLECTION).find(in("_id", List.of(userA, userB))))
                .any((Document doc) -> {
                    List<String> blocked = (List<String>) doc.get("blocked", List.class);
                    String other = doc.getString("_id").equals(userA) ? userB : userA;
                    return blocked != null && blocked.contains(other);
                });
    }
}
