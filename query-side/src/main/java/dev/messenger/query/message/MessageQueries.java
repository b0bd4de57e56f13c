package dev.messenger.query.message;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.history.MessageIndex;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Finds a message's immutable facts by its id. */
@Component
public class MessageQueries {

    private final MongoDatabase db;

    public MessageQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public record MessageRef(String messageId, String conversationId, long seq, String senderId) {
    }

    /** Empty when there is no such message in that conversation (or the history has not caught up yet). */
    public Mono<MessageRef> findMessage(String conversationId, String messageId) {
        return Mono.from(db.getCollection(MessageIndex.COLLECTION).find(eq("_id", messageId)).first())
                .filter(doc -> conversationId.equals(doc.getString("conversationId")))
                .map(doc -> new MessageRef(messageId, conversationId, ((Number) doc.get("seq")).longValue(), doc.getString("senderId")));
    }
}
