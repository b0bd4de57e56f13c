package dev.messenger.processing.search;

import dev.messenger.processing.admin.ProcessorTokens;
import dev.messenger.projections.search.SearchIndex;
import dev.messenger.projections.search.SearchProjection;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes a zero-downtime rebuild of the search index: once every segment of the search projection
 * has replayed the log up to where the rebuild started, the rebuilt index replaces the live one behind
 * the read alias. Every node checks (any of them may finish it; the alias switch is atomic), so a
 * rebuild completes even when the node that started it is gone.
 */
@Component
public class SearchIndexPromotion {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexPromotion.class);

    private final OpenSearchClient client;
    private final ProcessorTokens tokens;

    public SearchIndexPromotion(OpenSearchClient openSearchSyncClient, ProcessorTokens tokens) {
        this.client = openSearchSyncClient;
        this.tokens = tokens;
    }

    @Scheduled(fixedDelayString = "${messenger.search.promotion-check:1s}")
    public void promoteWhenReplayed() {
        try {
            Optional<SearchIndex.Rebuild> rebuild = SearchIndex.pendingRebuild(client);
            if (rebuild.isPresent() && replayed(tokens.read(SearchProjection.GROUP), rebuild.get())
                    && SearchIndex.promote(client)) {
                log.info("rebuilt search index promoted");
            }
        } catch (IOException | RuntimeException e) {
            log.debug("search index promotion check failed: {}", e.toString()); // OpenSearch down: next check
        }
    }

    /**
     * Every segment has replayed what this rebuild must. A segment still holding this rebuild's replay
     * token has once its current position reaches the position it was reset at (Axon keeps the replay
     * token until the next event). A regular token must be past the head of the log at the rebuild's
     * start: until the reset has stored its replay tokens, the old tokens are there, at or before it.
     * (So a projection that lagged when the rebuild started, in a log that then goes quiet, is promoted
     * with the next event.)
     */
    static boolean replayed(List<TrackingToken> segments, SearchIndex.Rebuild rebuild) {
        if (segments.isEmpty()) {
            return false;
        }
        for (TrackingToken token : segments) {
            boolean done = token instanceof ReplayToken replay
                    ? rebuild.id().equals(replay.context())
                    && ProcessorTokens.position(replay.getCurrentToken()) >= ProcessorTokens.position(replay.getTokenAtReset())
                    : token != null && ProcessorTokens.position(token) > rebuild.replayUntil();
            if (!done) {
                return false;
            }
        }
        return true;
    }
}
