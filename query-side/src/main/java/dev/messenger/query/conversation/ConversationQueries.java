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
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of the inbox read model: one conversation, and a user's conversations by latest activity. */
@Component
public class ConversationQueries {

    private static final String CONVERSATIONS_COLLECTION = ConversationDocuments.CONVERSATIONS;
    /** Pinned first, then the newest activity first (the id breaks ties, so that pages never overlap). */
    private static final Comparator<InboxEntry> INBOX_ORDER = Comparator
            .comparing(InboxEntry::pinned).reversed()
            .thenComparing((InboxEntry e) -> e.summary().updatedAt(), Comparator.reverseOrder())
            .thenComparing(e -> e.summary().conversationId());

    private final MongoDatabase db;

    public ConversationQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public Mono<ConversationSummary> findConversation(String conversationId) {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", conversationId)).first())
                .map(ConversationQueries::summary);
    }

    /** The conversation with its members' roles, its description and picture. */
    public Mono<ConversationDetails> findConversationDetails(String conversationId) {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", conversationId)).first())
                .map(doc -> {
                    ConversationSummary summary = summary(doc);
                    return new ConversationDetails(summary, doc.getString(ConversationDocuments.DESCRIPTION),
                            doc.getString(ConversationDocuments.PICTURE), members(summary, doc.get(ConversationDocuments.MEMBERS, Document.class)));
                });
    }

    /**
     * Members in the order they joined (the order of {@code participants}). A group whose owner left before groups had
     * roles shows the owner the conversation's rules name in that case: its longest-standing admin, else its
     * longest-standing member.
     */
    private static List<ConversationDetails.Member> members(ConversationSummary summary, Document stored) {
        List<ConversationDetails.Member> members = new java.util.ArrayList<>(summary.participants().size());
        for (String userId : summary.participants()) {
            Document member = stored == null ? null : stored.get(userId, Document.class);
            String role = member == null || member.getString("role") == null ? "member" : member.getString("role");
            members.add(new ConversationDetails.Member(userId, role, member == null ? null : instant(member.get("joinedAt"))));
        }
        if ("group".equals(summary.type()) && !members.isEmpty() && members.stream().noneMatch(m -> "owner".equals(m.role()))) {
            ConversationDetails.Member successor = members.stream().filter(m -> "admin".equals(m.role())).findFirst().orElse(members.get(0));
            members.set(members.indexOf(successor), new ConversationDetails.Member(successor.userId(), "owner", successor.joinedAt()));
        }
        return members;
    }

    /**
     * The caller's conversations, archived or not as asked: those they pinned first, then newest activity first, after
     * the position of {@code before} (a cursor from a previous page).
     */
    public Mono<InboxPage> findInbox(String userId, int limit, Optional<InboxCursor> before, boolean archived) {
        return findMemberships(userId)
                .flatMap(memberships -> conversationDocuments(List.copyOf(memberships.keySet()))
                        .map(doc -> {
                            InboxFlags flags = memberships.get(doc.getString("_id"));
                            return new InboxEntry(summary(doc), flags.archived(), flags.pinned(), flags.mutedUntil());
                        })
                        .filter(entry -> entry.archived() == archived)
                        .filter(entry -> before.map(cursor -> cursor.isBefore(entry)).orElse(true))
                        .sort(INBOX_ORDER)
                        .take(limit + 1L)
                        .collectList())
                .map(list -> page(list, limit));
    }

    /** The message requests waiting for the user, newest activity first, after {@code before}. */
    public Mono<InboxPage> findRequests(String userId, int limit, Optional<InboxCursor> before) {
        return Mono.from(db.getCollection(ConversationDocuments.USER_CONVERSATIONS).find(eq("_id", userId)).first())
                .map(doc -> doc.get(ConversationDocuments.REQUESTS, Document.class) == null ? List.<String>of()
                        : List.copyOf(doc.get(ConversationDocuments.REQUESTS, Document.class).keySet()))
                .defaultIfEmpty(List.of())
                .flatMap(ids -> conversationDocuments(ids)
                        .map(doc -> new InboxEntry(summary(doc), false, false, null))
                        .filter(entry -> userId.equals(entry.summary().requestFor()))
                        .filter(entry -> before.map(cursor -> cursor.isBefore(entry)).orElse(true))
                        .sort(INBOX_ORDER)
                        .take(limit + 1L)
                        .collectList())
                .map(list -> page(list, limit));
    }

    /** The first {@code limit} of up to {@code limit + 1} entries, and the cursor after them when there were more. */
    private static InboxPage page(List<InboxEntry> list, int limit) {
        return list.size() > limit
                ? new InboxPage(list.subList(0, limit), InboxCursor.of(list.get(limit - 1)).encode())
                : new InboxPage(list, null);
    }

    /** A user's own flags of a conversation: archived, pinned, muted until when (null: not muted, or no longer). */
    public record InboxFlags(boolean archived, boolean pinned, java.time.Instant mutedUntil) {
        static final InboxFlags NONE = new InboxFlags(false, false, null);
    }

    /** The user's conversations (those they belong to now), each with the user's own flags. */
    public Mono<Map<String, InboxFlags>> findMemberships(String userId) {
        return Mono.from(db.getCollection(ConversationDocuments.USER_CONVERSATIONS).find(eq("_id", userId)).first())
                .map(doc -> {
                    Document joined = doc.get("c", Document.class);
                    Document states = doc.get("s", Document.class);
                    Document mutes = doc.get(ConversationDocuments.MUTED_UNTIL, Document.class);
                    java.time.Instant now = java.time.Instant.now();
                    Map<String, InboxFlags> memberships = new java.util.HashMap<>();
                    if (joined != null) {
                        for (String conversationId : joined.keySet()) {
                            Document state = states == null ? null : states.get(conversationId, Document.class);
                            java.util.Date muted = mutes == null ? null : mutes.getDate(conversationId);
                            java.time.Instant mutedUntil = muted == null || !muted.toInstant().isAfter(now) ? null : muted.toInstant();
                            memberships.put(conversationId, state == null && mutedUntil == null ? InboxFlags.NONE
                                    : new InboxFlags(state != null && Boolean.TRUE.equals(state.getBoolean("archived")),
                                            state != null && Boolean.TRUE.equals(state.getBoolean("pinned")), mutedUntil));
                        }
                    }
                    return memberships;
                })
                .defaultIfEmpty(Map.of());
    }

    /** A conversation's pinned messages, oldest pin first (none for an unknown conversation). */
    public Mono<List<Pin>> findPins(String conversationId) {
        return Mono.from(db.getCollection(CONVERSATIONS_COLLECTION).find(eq("_id", conversationId))
                        .projection(new Document(ConversationDocuments.PINS, 1)).first())
                .map(doc -> {
                    List<Pin> pins = new java.util.ArrayList<>();
                    if (doc.get(ConversationDocuments.PINS) instanceof List<?> stored) {
                        for (Object entry : stored) {
                            if (entry instanceof Document pin) {
                                pins.add(new Pin(pin.getString("messageId"), number(pin.get("seq")), pin.getString("pinnedBy"),
                                        instant(pin.get("pinnedAt"))));
                            }
                        }
                    }
                    return pins;
                })
                .defaultIfEmpty(List.of());
    }

    public record Pin(String messageId, long seq, String pinnedBy, Instant pinnedAt) {
    }

    /** Whether the file is some conversation's picture now. */
    public Mono<Boolean> isPicture(String mediaId) {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq(ConversationDocuments.PICTURE, mediaId)).first())
                .hasElement();
    }

    /** The ids of the user's conversations (those they belong to now). */
    public Mono<List<String>> findConversationIdsOf(String userId) {
        return findMemberships(userId).map(memberships -> List.copyOf(memberships.keySet()));
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

    /** Position in the inbox order: (pinned, updatedAt, conversationId). */
    public record InboxCursor(boolean pinned, Instant updatedAt, String conversationId) {

        static InboxCursor of(InboxEntry e) {
            return new InboxCursor(e.pinned(), e.summary().updatedAt(), e.summary().conversationId());
        }

        /** Whether {@code e} comes after this position in the inbox order. */
        boolean isBefore(InboxEntry e) {
            if (e.pinned() != pinned) {
                return pinned; // the pinned come first: after a pinned position come the unpinned
            }
            int byTime = e.summary().updatedAt().compareTo(updatedAt);
            return byTime < 0 || (byTime == 0 && e.summary().conversationId().compareTo(conversationId) > 0);
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((pinned ? "p" : "") + updatedAt.toEpochMilli() + ":" + conversationId).getBytes(StandardCharsets.UTF_8));
        }

        /** Empty for a cursor this server did not make. */
        public static Optional<InboxCursor> decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                boolean pinned = text.startsWith("p");
                if (pinned) {
                    text = text.substring(1);
                }
                int colon = text.indexOf(':');
                return Optional.of(new InboxCursor(pinned, Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1)));
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
                instant(doc.get("createdAt")), instant(doc.get("updatedAt")), receipts, Boolean.TRUE.equals(doc.getBoolean("e2ee")),
                doc.getString(ConversationDocuments.REQUEST_FOR));
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static Instant instant(Object value) {
        return value == null ? null : ((Date) value).toInstant();
    }
}
