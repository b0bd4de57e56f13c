package dev.messenger.query.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.conversation.ConversationDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of the inbox read model: one conversation, and a user's conversations by latest activity. */
@Component
public class ConversationQueries {

    private static final Comparator<ConversationSummary> NEWEST_FIRST = Comparator
            .comparing(ConversationSummary::updatedAt).reversed()
            .thenComparing(ConversationSummary::conversationId);

    private final MongoDatabase db;

    public ConversationQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public Mono<ConversationSummary> findConversation(String conversationId) {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", conversationId)).first())
                .map(ConversationQueries::summary);
    }

    /** The caller's conversations, newest activity first, after the position of {@code before} (a cursor from a previous page). */
    public Mono<InboxPage> findInbox(String userId, int limit, Optional<InboxCursor> before) {
        return findConversationIdsOf(userId)
                .flatMapMany(this::conversationDocuments)
                .map(ConversationQueries::summary)
                .filter(c -> before.map(cursor -> cursor.isBefore(c)).orElse(true))
                .sort(NEWEST_FIRST)
                .take(limit + 1L)
                .collectList()
                .map(list -> list.size() > limit
                        ? new InboxPage(list.subList(0, limit), InboxCursor.of(list.get(limit - 1)).encode())
                        : new InboxPage(list, null));
    }

    /** The ids of the user's conversations (those they belong to now). */
    public Mono<List<String>> findConversationIdsOf(String userId) {
        return Mono.from(db.getCollection(ConversationDocuments.USER_CONVERSATIONS).find(eq("_id", userId)).first())
                .map(doc -> List.copyOf(doc.get("c", Document.class) == null ? List.of() : doc.get("c", Document.class).keySet()))
                .defaultIfEmpty(List.of());
    }

    /** Everyone in any conversation of the user (the user included): their contacts. */
    @SuppressWarnings("unchecked")
    public Mono<java.util.Set<String>> findParticipantsOfConversationsOf(String userId) {
        return findConversationIdsOf(userId)
                .flatMapMany(this::conversationDocuments)
                .flatMapIterable(doc -> (List<String>) doc.get("participants", List.class))
                .collect(java.util.HashSet::new, java.util.Set::add);
    }

    private Flux<Document> conversationDocuments(List<String> ids) {
        return ids.isEmpty() ? Flux.empty() : Flux.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(in("_id", ids)));
    }

    /** Position in the inbox order: (updatedAt, conversationId). */
    public record InboxCursor(Instant updatedAt, String conversationId) {

        static InboxCursor of(ConversationSummary c) {
            return new InboxCursor(c.updatedAt(), c.conversationId());
        }

        /** Whether {@code c} comes after this position in newest-first order. */
        boolean isBefore(ConversationSummary c) {
            int byTime = c.updatedAt().compareTo(updatedAt);
            return byTime < 0 || (byTime == 0 && c.conversationId().compareTo(conversationId) > 0);
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((updatedAt.toEpochMilli() + ":" + conversationId).getBytes(StandardCharsets.UTF_8));
        }

        /** Empty for a cursor this server did not make. */
        public static Optional<InboxCursor> decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return Optional.of(new InboxCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static ConversationSummary summary(Document doc) {
        Document last = doc.get("lastMessage", Document.class);
        ConversationSummary.LastMessage lastMessage = last == null ? null : new ConversationSummary.LastMessage(
                last.getString("messageId"), number(last.get("seq")), last.getString("senderId"), last.getString("preview"),
                instant(last.get("sentAt")), Boolean.TRUE.equals(last.getBoolean("deleted")), Boolean.TRUE.equals(last.getBoolean("encrypted")));
        java.util.Map<String, ConversationSummary.Receipt> receipts = new java.util.HashMap<>();
        Document stored = doc.get("receipts", Document.class);
        if (stored != null) {
            stored.forEach((userId, value) -> {
                Document receipt = (Document) value;
                receipts.put(userId, new ConversationSummary.Receipt(number(receipt.get("deliveredUpTo")), number(receipt.get("readUpTo"))));
            });
        }
        return new ConversationSummary(doc.getString("_id"), doc.getString("type"), doc.getString("title"),
                List.copyOf((List<String>) doc.get("participants", List.class)), lastMessage, number(doc.get("lastSeq")),
                instant(doc.get("createdAt")), instant(doc.get("updatedAt")), receipts, Boolean.TRUE.equals(doc.getBoolean("e2ee")));
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static Instant instant(Object value) {
        return value == null ? null : ((Date) value).toInstant();
    }
}
