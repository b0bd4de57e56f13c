package dev.messenger.query.search;

import dev.messenger.projections.search.SearchIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.HighlighterEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Message search. The caller's conversations are a filter of every query, so results only ever come
 * from conversations they belong to at query time. Words match stemmed ("deploying" finds "deployed")
 * or as CJK bigrams; "quoted phrases" match as phrases; the last word also matches as a prefix.
 */
@Component
public class SearchQueries {

    private static final Pattern PHRASE = Pattern.compile("\"([^\"]+)\"");
    private static final String HIGHLIGHT_START = "<em>";
    private static final String HIGHLIGHT_END = "</em>";
    private static final int MAX_CURSOR = 512;
    /** Message ids are made by the gateway (m- and a UUID) or sent as clientMessageId-derived ids: short, printable. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public enum Order { RECENT, RELEVANCE }

    private final OpenSearchAsyncClient client;

    public SearchQueries(OpenSearchAsyncClient client) {
        this.client = client;
    }

    public Mono<SearchPage> findMessages(Collection<String> conversationIds, String q, Order order, int limit, Optional<String> cursor) {
        if (conversationIds.isEmpty()) {
            return Mono.just(new SearchPage(List.of(), null));
        }
        SearchRequest request = SearchRequest.of(s -> {
            s.index(SearchIndex.ALIAS)
                    .size(limit + 1)
                    .query(query(conversationIds, q))
                    // the html encoder escapes the message text, so the only markup in a highlight is ours
                    .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags(HIGHLIGHT_START).postTags(HIGHLIGHT_END).requireFieldMatch(false)
                            .fields("body", f -> f.numberOfFragments(1).fragmentSize(150))
                            .fields("body.plain", f -> f.numberOfFragments(1).fragmentSize(150))
                            .fields("body.cjk", f -> f.numberOfFragments(1).fragmentSize(150)));
            if (order == Order.RELEVANCE) {
                s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
            }
            s.sort(o -> o.field(f -> f.field("sentAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("messageId").order(SortOrder.Desc)));
            cursor.ifPresent(c -> s.searchAfter(decode(c, order)));
            return s;
        });
        return Mono.defer(() -> {
                    try {
                        return Mono.fromFuture(client.search(request, Map.class));
                    } catch (IOException e) {
                        return Mono.error(e);
                    }
                })
                .map(response -> page(response, limit))
                .onErrorResume(SearchQueries::indexMissing, e -> Mono.just(new SearchPage(List.of(), null)))
                .onErrorMap(e -> !(e instanceof SearchUnavailable) && !(e instanceof IllegalArgumentException), SearchUnavailable::new);
    }

    private static Query query(Collection<String> conversationIds, String q) {
        List<Query> must = new ArrayList<>();
        Matcher phrases = PHRASE.matcher(q);
        while (phrases.find()) {
            String phrase = phrases.group(1);
            must.add(Query.of(m -> m.matchPhrase(p -> p.field("body.plain").query(phrase))));
        }
        String words = PHRASE.matcher(q).replaceAll(" ").replace("\"", " ").trim();
        if (!words.isEmpty()) {
            must.add(Query.of(b -> b.bool(w -> w.minimumShouldMatch("1")
                    .should(m -> m.match(t -> t.field("body").query(FieldValue.of(words)).operator(Operator.And)))
                    .should(m -> m.match(t -> t.field("body.cjk").query(FieldValue.of(words)).operator(Operator.And)))
                    .should(m -> m.matchBoolPrefix(t -> t.field("body.plain").query(words).operator(Operator.And))))));
        }
        List<FieldValue> ids = conversationIds.stream().map(FieldValue::of).toList();
        return Query.of(b -> b.bool(x -> x.must(must).filter(f -> f.terms(t -> t.field("conversationId").terms(v -> v.value(ids))))));
    }

    @SuppressWarnings("unchecked")
    private static SearchPage page(SearchResponse<Map> response, int limit) {
        var hits = response.hits().hits();
        List<SearchPage.Hit> result = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, hits.size()); i++) {
            var hit = hits.get(i);
            Map<String, Object> source = hit.source();
            String highlight = hit.highlight().values().stream().flatMap(List::stream).findFirst()
                    .orElseGet(() -> escapeHtml(String.valueOf(source.get("body"))));
            result.add(new SearchPage.Hit((String) source.get("conversationId"), (String) source.get("messageId"),
                    ((Number) source.get("seq")).longValue(), (String) source.get("senderId"),
                    Instant.parse((String) source.get("sentAt")), highlight));
        }
        String next = hits.size() > limit ? encode(hits.get(limit - 1).sort()) : null;
        return new SearchPage(result, next);
    }

    private static boolean indexMissing(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof org.opensearch.client.opensearch._types.OpenSearchException os
                && "index_not_found_exception".equals(os.error().type());
    }

    private static String encode(List<String> sortValues) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\u0000", sortValues).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A cursor from a previous page of a search in this order: the sort values of its last hit (the score for
     * relevance, then sentAt in epoch milliseconds, then the message id). Anything else is an
     * IllegalArgumentException (400 at the edge), never a query the engine refuses.
     */
    public static List<String> decode(String cursor, Order order) {
        if (cursor.length() > MAX_CURSOR) {
            throw new IllegalArgumentException("not a search cursor");
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> values = List.of(text.split("\u0000", -1));
            int expected = order == Order.RELEVANCE ? 3 : 2;
            if (values.size() != expected) {
                throw new IllegalArgumentException("not a search cursor");
            }
            if (order == Order.RELEVANCE && !Double.isFinite(Double.parseDouble(values.get(0)))) {
                throw new IllegalArgumentException("not a search cursor");
            }
            Long.parseLong(values.get(expected - 2));
            if (!MESSAGE_ID.matcher(values.get(expected - 1)).matches()) {
                throw new IllegalArgumentException("not a search cursor");
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a search cursor", e);
        }
    }

    /** The body as HTML text, for a hit without a highlight: the same escaping OpenSearch's html encoder does. */
    static String escapeHtml(String text) {
        StringBuilder html = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '&' -> html.append("&amp;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#x27;");
                case '/' -> html.append("&#x2F;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
