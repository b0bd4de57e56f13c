package dev.messenger.query.message;


import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.history.HistoryMessages;
import dev.messenger.query.history.HistoryQueries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
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

    /** The message as history shows it now (its current body and file); empty like {@link #findMessage}. */
    public Mono<dev.messenger.projections.message.MessageView> findMessageView(String conversationId, String messageId) {
        return findDocument(conversationId, messageId).map(HistoryQueries::item);
    }

    /** One version of a message's text: as sent, or as an edit made it, and when. */
    public record Version(String body, java.time.Instant at) {
    }

    /**
     * Every version of a message's text, oldest first, the current one last. Empty when there is no such message (like
     * {@link #findMessage}) or it was deleted: a deleted message's text is gone, its earlier versions with it. An
     * end-to-end encrypted message has no text the server can read: no versions.
     */
    public Mono<List<Version>> findVersions(String conversationId, String messageId) {
        return findDocument(conversationId, messageId)
                .filter(doc -> !Boolean.TRUE.equals(doc.get("deleted")))
                .map(doc -> {
                    List<Version> versions = new java.util.ArrayList<>();
                    if (doc.containsKey("ciphertexts")) {
                        return versions;
                    }
                    versions.add(new Version(doc.get("body") instanceof String body ? body : null, instant(doc.get("sentAt"))));
                    if (doc.get(HistoryMessages.EDITS) instanceof List<?> edits) {
                        for (Object edit : edits) {
                            if (edit instanceof Document e) {
                                versions.add(new Version(e.getString("body"), instant(e.get("at"))));
                            }
                        }
                    }
                    return versions;
                });
    }

    private static java.time.Instant instant(Object value) {
        return value instanceof java.util.Date date ? date.toInstant() : null;
    }

    /** Empty when there is no such message in that conversation (or the history has not caught up yet). */
    public Mono<MessageRef> findMessage(String conversationId, String messageId) {
        return findDocument(conversationId, messageId).map(doc -> ref(conversationId, messageId, doc));
    }

    /** The message and its current state (empty like {@link #findMessage}). */
    public Mono<MessageState> findMessageState(String conversationId, String messageId) {
        return findDocument(conversationId, messageId).map(doc -> new MessageState(ref(conversationId, messageId, doc),
                Boolean.TRUE.equals(doc.get("deleted")), HistoryQueries.reactionsOf(doc)));
    }

    /** One lookup through the history's index by conversation and message id; a deleted message's document stays. */
    private Mono<Document> findDocument(String conversationId, String messageId) {
        return Mono.from(db.getCollection(HistoryMessages.MESSAGES).find(HistoryMessages.byMessageId(conversationId, messageId)).first());
    }

    private static MessageRef ref(String conversationId, String messageId, Document doc) {
        return new MessageRef(messageId, conversationId, ((Number) doc.get("seq")).longValue(), doc.getString("senderId"));
    }
}
