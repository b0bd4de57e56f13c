package dev.messenger.gateway.search;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Membership;
import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.search.SearchPage;
import dev.messenger.query.search.SearchQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Messages")
public class SearchController {

    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY = 200;

    private final SearchQueries search;
    private final ConversationQueries conversations;
    private final Membership membership;
    private final dev.messenger.query.history.HistoryQueries history;
    private final dev.messenger.gateway.web.RateLimits limits;

    public SearchController(SearchQueries search, ConversationQueries conversations, Membership membership,
                            dev.messenger.gateway.web.RateLimits limits,
                            dev.messenger.query.history.HistoryQueries history) {
        this.limits = limits;
        this.history = history;
        this.search = search;
        this.conversations = conversations;
        this.membership = membership;
    }

    @GetMapping("/messages/search")
    @Operation(summary = "Search the caller's messages (only conversations they belong to now; never deleted messages)",
            description = "Words match in any form (\"deploying\" finds \"deployed\"), Chinese and Japanese words inside sentences, "
                    + "\"quoted phrases\" as phrases, and the last word as a prefix while typing. sort=recent (default, newest first) "
                    + "or relevance. limit 1-50 (default 20); pass `next` as cursor for the following page. `highlight` is the "
                    + "matching fragment as HTML text: the message escaped, matches marked with <em>, no other markup. A reply's hit carries `replyPreview` (what it quotes, as it is now). 503 when the search engine is down; new messages are indexed once it is back.")
    public Mono<SearchPage> search(@AuthenticationPrincipal Jwt jwt, @RequestParam String q,
                                   @RequestParam(name = "conversation_id", required = false) String conversationId,
                                   @RequestParam(defaultValue = "20") int limit,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(defaultValue = "recent") String sort) {
        if (q.isBlank() || q.length() > MAX_QUERY) {
            return Mono.error(ApiProblem.badRequest("q has 1 to " + MAX_QUERY + " characters"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT));
        }
        SearchQueries.Order order;
        try {
            order = SearchQueries.Order.valueOf(sort.toUpperCase(Locale.ROOT));
            if (cursor != null) {
                SearchQueries.decode(cursor, order);
            }
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.badRequest("sort is recent or relevance, and cursor comes from a previous page"));
        }
        String caller = jwt.getSubject();
        Mono<List<String>> scope = conversationId == null
                ? conversations.findConversationIdsOf(caller)
                : membership.requireParticipant(conversationId, caller).map(c -> List.of(c.conversationId()));
        return limits.check("search", caller)
                .then(scope)
                .flatMap(ids -> search.findMessages(ids, q.strip(), order, limit, Optional.ofNullable(cursor)))
                .flatMap(page -> history.findReplyPreviews(page.hits().stream()
                                .map(hit -> dev.messenger.projections.history.HistoryMessages.messageDocumentId(hit.conversationId(), hit.seq()))
                                .toList())
                        .map(page::withReplyPreviews));
    }
}
