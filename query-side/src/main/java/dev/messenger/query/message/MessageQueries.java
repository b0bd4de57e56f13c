package dev.messenger.query.message;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.history.HistoryMessages;
import dev.messenger.projections.history.MessageIndex;
import dev.messenger.query.history.HistoryQueries;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Finds a message by its id: its immutable facts, and what changed it since (deleted, reactions). */
@Component
public class MessageQueries {

    private final MongoDatabase db;

    public MessageQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public record MessageRef(String messageId, String conversationId, long seq, String senderId) {
    }

    /** A message as history holds it now: deleted or not, and who reacted with which emoji. */
    public record MessageState(MessageRef message, boolean deleted, Map<String, Set<String>> reactions) {
    }

    /** Empty when there is no such message in that conversation (or the history has not caught up yet). */
    public Mono<MessageRef> findMessage(String conversationId, String messageId) {
        return Mono.from(db.getCollection(MessageIndex.COLLECTION).find(eq("_id", messageId)).first())
                .filter(doc -> conversationId.equals(doc.getString("conversationId")))
                .map(doc -> new MessageRef(messageId, conversationId, ((Number) doc.get("seq")).longValue(), doc.getString("senderId")));
    }

    /** The message and its current state (empty like {@link #findMessage}). */
    public Mono<MessageState> findMessageState(String conversationId, String messageId) {
        return findMessage(conversationId, messageId).flatMap(ref -> Mono.from(db.getCollection(HistoryMessages.MESSAGES)
                        .find(eq("_id", HistoryMessages.messageDocumentId(conversationId, ref.seq()))).first())
                .map(doc -> new MessageState(ref, Boolean.TRUE.equals(doc.get("deleted")), HistoryQueries.reactionsOf(doc)))
                .defaultIfEmpty(new MessageState(ref, false, Map.of())));
    }
}
