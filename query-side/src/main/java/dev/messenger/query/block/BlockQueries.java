package dev.messenger.query.block;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.block.UserBlocks;
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
        return Mono.from(db.getCollection(UserBlocks.COLLECTION).find(eq("_id", userId)).first())
                .map(doc -> List.copyOf((List<String>) doc.get(UserBlocks.BLOCKED, List.class)))
                .defaultIfEmpty(List.of());
    }

    /** Those of {@code others} who block {@code userId} or are blocked by them. */
    @SuppressWarnings("unchecked")
    public Mono<java.util.Set<String>> findBlockRelations(String userId, java.util.Collection<String> others) {
        java.util.List<String> ids = new java.util.ArrayList<>(others);
        ids.add(userId);
        return Flux.from(db.getCollection(UserBlocks.COLLECTION).find(in("_id", ids)))
                .collect(java.util.HashSet<String>::new, (related, doc) -> {
                    List<String> blocked = (List<String>) doc.get(UserBlocks.BLOCKED, List.class);
                    if (blocked == null) {
                        return;
                    }
                    String owner = doc.getString("_id");
                    if (owner.equals(userId)) {
                        blocked.stream().filter(others::contains).forEach(related::add);
                    } else if (blocked.contains(userId)) {
                        related.add(owner);
                    }
                })
                .map(related -> (java.util.Set<String>) related);
    }

    /** Those of {@code others} who block {@code userId}. */
    @SuppressWarnings("unchecked")
    public Mono<java.util.Set<String>> findBlockersAmong(String userId, java.util.Collection<String> others) {
        if (others.isEmpty()) {
            return Mono.just(java.util.Set.of());
        }
        return Flux.from(db.getCollection(UserBlocks.COLLECTION).find(in("_id", List.copyOf(others))))
                .filter(doc -> {
                    List<String> blocked = (List<String>) doc.get(UserBlocks.BLOCKED, List.class);
                    return blocked != null && blocked.contains(userId);
                })
                .map(doc -> doc.getString("_id"))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether either of the two blocks the other. */
    @SuppressWarnings("unchecked")
    public Mono<Boolean> isEitherBlocking(String userA, String userB) {
        return Flux.from(db.getCollection(UserBlocks.COLLECTION).find(in("_id", List.of(userA, userB))))
                .any((Document doc) -> {
                    List<String> blocked = (List<String>) doc.get(UserBlocks.BLOCKED, List.class);
                    String other = doc.getString("_id").equals(userA) ? userB : userA;
                    return blocked != null && blocked.contains(other);
                });
    }
}
