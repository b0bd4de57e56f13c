package dev.messenger.projections.report;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.report.ConversationReported;
import dev.messenger.projections.block.BlocksProjection;
import dev.messenger.projections.support.MongoWrites;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reports for the operators ({@link Reports}). It shares the blocks projection's processor (the safety read models):
 * reports are rare, and a processor of their own would read and decode the whole log for them; a rebuild of
 * {@code blocks} rebuilds both. A redelivered report replaces its document with the same one.
 */
@Component
@ProcessingGroup(BlocksProjection.GROUP)
public class ReportsProjection {

    private final MongoDatabase db;

    public ReportsProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    void on(ConversationReported event) {
        Document report = new Document("_id", event.reportId())
                .append("conversationId", event.conversationId())
                .append("messageId", event.messageId())
                .append("reporterId", event.reporterId())
                .append("reportedUserId", event.reportedUserId())
                .append("reason", event.reason())
                .append("evidence", event.evidence())
                .append("reportedAt", Date.from(event.reportedAt()));
        Mono.from(db.getCollection(Reports.COLLECTION).replaceOne(eq("_id", event.reportId()), report, new ReplaceOptions().upsert(true)))
                .block();
    }

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, Reports.COLLECTION);
    }
}
