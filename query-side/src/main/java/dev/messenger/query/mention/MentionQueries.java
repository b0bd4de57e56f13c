package dev.messenger.query.mention;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.history.HistoryMessages;
import dev.messenger.projections.message.ReplyPreview;
import dev.messenger.projections.unread.UnreadKeys;
import dev.messenger.query.conversation.ConversationQueries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's mentions, newest first: the references the unread projection keeps ({@link UnreadKeys#mentions}), each
 * looked up in history when read, so an edit shows and a deleted message is left out; so are the conversations the
 * user is no longer in.
 */
@Component
public class MentionQueries {

    /** Raw entries read per round; rounds go on while entries are left out and the page is not full. */
    private static final int WINDOW = 100;
    private static final int MAX_ROUNDS = 10;

    private final RedissonReactiveClient redis;
    private final MongoDatabase db;
    private final ConversationQueries conversations;

    public MentionQueries(RedissonReactiveClient redis, MongoDatabase messengerDatabase, ConversationQueries conversations) {
        this.redis = redis;
        this.db = messengerDatabase;
        this.conversations = conversations;
    }

    /** {@code preview} is null for an encrypted message, and for a file without a caption. */
    public record Mention(String conversationId, String messageId, long seq, String senderId, String preview, Instant sentAt) {
    }

    public record MentionPage(List<Mention> mentions, String next) {
    }

    /** Position in the list: the entry's score (time sent, ms) and the entry itself, which breaks ties. */
    public record MentionCursor(double score, String entry) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((long) score + "|" + entry).getBytes(StandardCharsets.UTF_8));
        }

        /** Empty for a cursor this server did not make. */
        public static Optional<MentionCursor> decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return bar < 1 ? Optional.empty() : Optional.of(new MentionCursor(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        static MentionCursor of(ScoredEntry<String> e) {
            return new MentionCursor(e.getScore(), e.getValue());
        }

        /** Whether an entry read from the cursor's score down comes after the cursor (ties go by entry, descending). */
        boolean isBefore(ScoredEntry<String> e) {
            return e.getScore() < score || (e.getScore() == score && e.getValue().compareTo(entry) < 0);
        }
    }

    public Mono<MentionPage> findMentions(String userId, int limit, Optional<MentionCursor> before) {
        return conversations.findMemberships(userId)
                .flatMap(memberships -> collect(userId, memberships.keySet(), limit, before, new ArrayList<>(), 0));
    }

    /** One window of raw entries after {@code from}, looked up; another when entries were left out and the page is short. */
    private Mono<MentionPage> collect(String userId, Set<String> memberOf, int limit, Optional<MentionCursor> from,
                                      List<Found> found, int round) {
        double top = from.map(MentionCursor::score).orElse(Double.POSITIVE_INFINITY);
        return redis.getScoredSortedSet(UnreadKeys.mentions(userId), StringCodec.INSTANCE)
                // Redisson takes the range low to high and reads it high to low
                .entryRangeReversed(Double.NEGATIVE_INFINITY, true, top, true, 0, WINDOW)
                .flatMap(raw -> {
                    List<ScoredEntry<String>> entries = new ArrayList<>();
                    for (Object e : raw) {
                        @SuppressWarnings("unchecked") ScoredEntry<String> entry = (ScoredEntry<String>) e;
                        if (from.map(cursor -> cursor.isBefore(entry)).orElse(true)) {
                            entries.add(entry);
                        }
                    }
                    boolean exhausted = raw.size() < WINDOW || entries.isEmpty();
                    return lookUp(entries, memberOf).flatMap(page -> {
                        found.addAll(page);
                        if (found.size() > limit) {
                            List<Found> shown = found.subList(0, limit);
                            return Mono.just(new MentionPage(mentions(shown), shown.get(limit - 1).cursor().encode()));
                        }
                        if (exhausted) {
                            return Mono.just(new MentionPage(mentions(found), null));
                        }
                        MentionCursor last = MentionCursor.of(entries.get(entries.size() - 1));
                        if (round + 1 >= MAX_ROUNDS) { // a long run of entries left out: the page ends short, the cursor goes on
                            return Mono.just(new MentionPage(mentions(found), last.encode()));
                        }
                        return collect(userId, memberOf, limit, Optional.of(last), found, round + 1);
                    });
                });
    }

    private static List<Mention> mentions(List<Found> found) {
        return found.stream().map(Found::mention).toList();
    }

    private record Found(Mention mention, MentionCursor cursor) {
    }

    /** The entries' messages as history has them now, in the entries' order; deleted ones and other people's conversations left out. */
    private Mono<List<Found>> lookUp(List<ScoredEntry<String>> entries, Set<String> memberOf) {
        Map<String, ScoredEntry<String>> byDocument = new java.util.LinkedHashMap<>();
        for (ScoredEntry<String> entry : entries) {
            int colon = entry.getValue().indexOf(':');
            String conversationId = entry.getValue().substring(colon + 1);
            if (colon > 0 && memberOf.contains(conversationId)) {
                byDocument.put(HistoryMessages.messageDocumentId(conversationId, Long.parseLong(entry.getValue().substring(0, colon))), entry);
            }
        }
        if (byDocument.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.from(db.getCollection(HistoryMessages.MESSAGES).find(in("_id", List.copyOf(byDocument.keySet()))))
                .collectMap(document -> document.getString("_id"))
                .map(documents -> {
                    List<Found> found = new ArrayList<>();
                    byDocument.forEach((id, entry) -> {
                        Document message = documents.get(id);
                        if (message != null && !Boolean.TRUE.equals(message.get("deleted"))) {
                            String body = HistoryMessages.currentBody(message);
                            found.add(new Found(new Mention(message.getString("conversationId"), message.getString("messageId"),
                                    ((Number) message.get("seq")).longValue(), message.getString("senderId"),
                                    body == null ? null : ReplyPreview.shorten(body), ((Date) message.get("sentAt")).toInstant()),
                                    MentionCursor.of(entry)));
                        }
                    });
                    return found;
                });
    }

}
