package dev.messenger.projections.history;

import static com.mongodb.client.model.Filters.eq;
import static dev.messenger.projections.history.HistoryBuckets.BUCKETS;
import static dev.messenger.projections.history.HistoryBuckets.HEADS;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.MessageSent;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Message history per conversation, in seq-keyed buckets: setting {@code m.<seq>} twice is harmless. */
@Component
@ProcessingGroup(HistoryProjection.GROUP)
public class HistoryProjection {

    public static final String GROUP = "history";

    private final MongoDatabase db;

    public HistoryProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    void on(MessageSent event) {
        long bucket = HistoryBuckets.bucketOf(event.seq());
        Document message = new Document("messageId", event.messageId())
                .append("seq", event.seq())
                .append("senderId", event.senderId())
                .append("body", event.body())
                .append("sentAt", Date.from(event.sentAt()))
                .append("replyTo", event.replyTo())
                .append("deleted", false);
        Mono.from(db.getCollection(BUCKETS).updateOne(eq("_id", HistoryBuckets.bucketId(event.conversationId(), bucket)),
                        Updates.combine(Updates.set("conversationId", event.conversationId()), Updates.set("bucket", bucket),
                                Updates.set("m." + event.seq(), message)),
                        new UpdateOptions().upsert(true)))
                .then(Mono.from(db.getCollection(HEADS).updateOne(eq("_id", event.conversationId()),
                        Updates.max("lastSeq", event.seq()), new UpdateOptions().upsert(true))))
                .block();
    }

    @ResetHandler
    void reset() {
        Mono.from(db.getCollection(BUCKETS).drop()).then(Mono.from(db.getCollection(HEADS).drop())).block();
    }
}
