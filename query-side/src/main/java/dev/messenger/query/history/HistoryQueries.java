package dev.messenger.query.history;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.projections.history.HistoryMessages;
import dev.messenger.projections.history.MediaShares;
import dev.messenger.projections.message.MessageView;
import dev.messenger.projections.message.ReplyPreview;
import dev.messenger.projections.message.ServiceItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Pages of a conversation's history: the head for the newest seq, then the page's message documents by {@code _id}. */
@Component
public class HistoryQueries {

    private final MongoDatabase db;

    public HistoryQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    /** Messages with seq below {@code before} (or the newest when null), newest first, with the service items among them. */
    public Mono<HistoryPage> findHistoryBefore(String conversationId, Long before, int limit) {
        return head(conversationId).flatMap(head -> {
            long hi = Math.min(head, before == null ? Long.MAX_VALUE : before - 1);
            long lo = Math.max(1, hi - limit + 1);
            Mono<List<MessageView>> messages = hi < 1 ? Mono.just(new ArrayList<>()) : messages(conversationId, lo, hi);
            return Mono.zip(messages, serviceItems(conversationId, lo, hi, head)).map(found -> {
                List<MessageView> list = found.getT1();
                list.sort(Comparator.comparingLong(MessageView::seq).reversed());
                return new HistoryPage(list, hi >= 1 && lo > 1 ? lo : null, found.getT2(), true);
            });
        });
    }

    /** Messages with seq above {@code after}, oldest first, with the service items among them. */
    public Mono<HistoryPage> findHistoryAfter(String conversationId, long after, int limit) {
        return head(conversationId).flatMap(head -> {
            long lo = Math.max(1, after + 1);
            long hi = Math.min(head, lo + limit - 1);
            Mono<List<MessageView>> messages = lo > hi ? Mono.just(new ArrayList<>()) : messages(conversationId, lo, hi);
            return Mono.zip(messages, serviceItems(conversationId, lo, hi, head)).map(found -> {
                List<MessageView> list = found.getT1();
                list.sort(Comparator.comparingLong(MessageView::seq));
                return new HistoryPage(list, lo <= hi && hi < head ? hi : null, found.getT2(), false);
            });
        });
    }

    /**
     * The service items of a page of messages {@code lo..hi}: those before each of its messages (after {@code lo - 1} up
     * to after {@code hi - 1}) and, when the page reaches the newest message, those after it. Pages paged back never
     * overlap; a page forward from the newest message repeats the service items after it (each has its {@code serviceId}).
     */
    private Mono<List<ServiceItem>> serviceItems(String conversationId, long lo, long hi, long head) {
        long from = lo - 1;
        long to = Math.min(hi, head) == head ? head : hi - 1;
        if (to < from) {
            return Mono.just(List.of());
        }
        List<String> ids = new ArrayList<>((int) (to - from + 1));
        for (long gap = from; gap <= to; gap++) {
            ids.add(HistoryMessages.serviceDocumentId(conversationId, gap));
        }
        return Flux.from(db.getCollection(HistoryMessages.SERVICE).find(in("_id", ids)))
                .collectList()
                .map(documents -> {
                    documents.sort(Comparator.comparingLong(document -> ((Number) document.get("afterSeq")).longValue()));
                    List<ServiceItem> items = new ArrayList<>();
                    Set<String> seen = new java.util.HashSet<>();
                    for (Document document : documents) {
                        long afterSeq = ((Number) document.get("afterSeq")).longValue();
                        for (Document entry : document.getList("items", Document.class, List.of())) {
                            if (seen.add(entry.getString("serviceId"))) {
                                items.add(new ServiceItem(entry.getString("serviceId"), conversationId, afterSeq, entry.getString("type"),
                                        entry.getString("actorId"), entry.getString("userId"), entry.getString("role"),
                                        entry.getString("title"), entry.getString("pictureMediaId"), instant(entry.get("at"))));
                            }
                        }
                    }
                    return items;
                });
    }

    /**
     * The reply previews of those of the given messages that are replies, by history document id
     * ({@link HistoryMessages#messageDocumentId}): for search hits, whose index keeps no quotes.
     */
    public Mono<Map<String, ReplyPreview>> findReplyPreviews(List<String> messageDocumentIds) {
        if (messageDocumentIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(db.getCollection(HistoryMessages.MESSAGES).find(in("_id", messageDocumentIds)))
                .collectList()
                .flatMap(this::withReplyPreviews)
                .map(views -> {
                    Map<String, ReplyPreview> previews = new java.util.HashMap<>();
                    views.stream().filter(view -> view.replyPreview() != null).forEach(view -> previews.put(
                            HistoryMessages.messageDocumentId(view.conversationId(), view.seq()), view.replyPreview()));
                    return previews;
                });
    }

    /** The conversations a file was sent in (none when it never was). */
    public Flux<String> findConversationsSharing(String mediaId) {
        return Mono.from(db.getCollection(MediaShares.COLLECTION).find(eq("_id", mediaId)).first())
                .flatMapMany(shares -> Flux.fromIterable(shares.getList(MediaShares.CONVERSATIONS, String.class, List.of())));
    }

    private Mono<Long> head(String conversationId) {
        return Mono.from(db.getCollection(HistoryMessages.HEADS).find(eq("_id", conversationId)).first())
                .map(doc -> ((Number) doc.get("lastSeq")).longValue())
                .defaultIfEmpty(0L);
    }

    private Mono<List<MessageView>> messages(String conversationId, long lo, long hi) {
        List<String> ids = new ArrayList<>((int) (hi - lo + 1));
        for (long seq = lo; seq <= hi; seq++) {
            ids.add(HistoryMessages.messageDocumentId(conversationId, seq));
        }
        // exact _id matches: served by the _id index on MongoDB and on the stand-in alike
        return Flux.from(db.getCollection(HistoryMessages.MESSAGES).find(in("_id", ids)))
                .collectList()
                .flatMap(this::withReplyPreviews);
    }

    /**
     * The documents as API messages, each reply with its quoted message as it is now: those on the page are read
     * from it, the others with one more {@code _id} lookup for the whole page.
     */
    private Mono<List<MessageView>> withReplyPreviews(List<Document> documents) {
        Map<String, Document> byId = new java.util.HashMap<>();
        documents.forEach(document -> byId.put(document.getString("_id"), document));
        List<String> missing = documents.stream().map(HistoryQueries::quotedDocumentId).filter(java.util.Objects::nonNull)
                .filter(id -> !byId.containsKey(id)).distinct().toList();
        Mono<Map<String, Document>> quoted = missing.isEmpty() ? Mono.just(byId)
                : Flux.from(db.getCollection(HistoryMessages.MESSAGES).find(in("_id", missing)))
                        .collectList()
                        .map(found -> {
                            Map<String, Document> all = new java.util.HashMap<>(byId);
                            found.forEach(document -> all.put(document.getString("_id"), document));
                            return all;
                        });
        return quoted.map(all -> {
            List<MessageView> views = new ArrayList<>(documents.size());
            for (Document document : documents) {
                MessageView view = item(document);
                String quotedId = quotedDocumentId(document);
                if (view.replyPreview() != null && !view.deleted()) {
                    view = view.withReplyPreview(replyPreview(view.replyPreview(), all.get(quotedId)));
                }
                views.add(view);
            }
            return views;
        });
    }

    /** The quoted message's text as stored now: none when it is deleted, encrypted, a file without caption, or not stored yet. */
    static ReplyPreview replyPreview(ReplyPreview facts, Document quoted) {
        if (quoted == null) {
            return facts;
        }
        boolean deleted = Boolean.TRUE.equals(quoted.get("deleted"));
        return facts.withBody(HistoryMessages.currentBody(quoted), deleted);
    }

    private static String quotedDocumentId(Document message) {
        return message.get(HistoryMessages.QUOTED) instanceof Document quoted && quoted.get("seq") instanceof Number seq
                ? HistoryMessages.messageDocumentId(message.getString("conversationId"), seq.longValue()) : null;
    }

    /**
     * The page as {@code readerId} may see it: of an encrypted message only the envelopes for the reader's
     * own devices (the others are of no use to them).
     */
    public static HistoryPage forReader(HistoryPage page, String readerId) {
        return new HistoryPage(page.messages().stream()
                .map(m -> m.ciphertexts() == null ? m : m.withCiphertexts(EncryptedMessageSent.envelopesFor(m.ciphertexts(), readerId)))
                .toList(), page.next(), page.serviceItems(), page.newestFirst());
    }

    /** A history document as the API shows it (a reply's preview not looked up). */
    public static MessageView item(Document m) {
        Document envelopes = m.get("ciphertexts", Document.class);
        boolean encrypted = envelopes != null || m.containsKey("ciphertexts");
        Map<String, String> ciphertexts = null;
        if (encrypted) {
            ciphertexts = new LinkedHashMap<>();
            if (envelopes != null) {
                for (Map.Entry<String, Object> envelope : envelopes.entrySet()) {
                    ciphertexts.put(envelope.getKey(), String.valueOf(envelope.getValue()));
                }
            }
        }
        Document media = m.get("media", Document.class);
        MessageView.MediaView file = media == null ? null : new MessageView.MediaView(media.getString("mediaId"),
                media.getString("contentType"), ((Number) media.get("size")).longValue(),
                media.get("width") == null ? null : ((Number) media.get("width")).intValue(),
                media.get("height") == null ? null : ((Number) media.get("height")).intValue(),
                media.get("durationMillis") == null ? null : ((Number) media.get("durationMillis")).longValue(),
                media.get("waveform") instanceof List<?> peaks ? peaks.stream().map(peak -> ((Number) peak).intValue()).toList() : null);
        return new MessageView(m.getString("conversationId"), m.getString("messageId"), ((Number) m.get("seq")).longValue(),
                m.getString("senderId"), HistoryMessages.currentBody(m), encrypted ? Boolean.TRUE : null, ciphertexts, file,
                instant(m.get("sentAt")), m.get("editedAt") == null ? null : instant(m.get("editedAt")),
                Boolean.TRUE.equals(m.get("deleted")), m.getString("replyTo"), quotedFacts(m),
                Boolean.TRUE.equals(m.get("forwarded")) ? Boolean.TRUE : null,
                m.get(HistoryMessages.MENTIONS) instanceof List<?> ids && !ids.isEmpty() ? ids.stream().map(String::valueOf).toList() : null,
                Boolean.TRUE.equals(m.get(HistoryMessages.MENTION_ALL)) ? Boolean.TRUE : null, null, reactionsOf(m));
    }

    /** A reply's quoted message as the document keeps it, its text not looked up yet; null for a deleted reply. */
    private static ReplyPreview quotedFacts(Document m) {
        if (Boolean.TRUE.equals(m.get("deleted")) || !(m.get(HistoryMessages.QUOTED) instanceof Document quoted)
                || !(quoted.get("seq") instanceof Number seq)) {
            return null;
        }
        return new ReplyPreview(quoted.getString("messageId"), seq.longValue(), quoted.getString("senderId"), null, false);
    }

    /**
     * A history message's reactions, emoji → who; nothing for a field of another shape (a document the projection
     * could not finish writing is read, never a reason to fail the read).
     */
    public static Map<String, Set<String>> reactionsOf(Document message) {
        Map<String, Set<String>> reactions = new LinkedHashMap<>();
        if (message.get("reactions") instanceof Document stored) {
            stored.forEach((emoji, users) -> {
                if (users instanceof List<?> list && !list.isEmpty()) {
                    Set<String> who = new LinkedHashSet<>();
                    list.forEach(user -> who.add(String.valueOf(user)));
                    reactions.put(emoji, who);
                }
            });
        }
        return reactions;
    }

    private static Instant instant(Object value) {
        return ((Date) value).toInstant();
    }
}
