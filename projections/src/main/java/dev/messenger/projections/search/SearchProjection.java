package dev.messenger.projections.search;

import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.support.ProcessingBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.stereotype.Component;

/**
 * Every message in OpenSearch. The writes of one processing batch go out as one bulk request after its
 * last event ({@link ProcessingBatch}), before its token moves on. When OpenSearch is down the batch fails, the
 * processor keeps its token and retries with back-off, so the index catches up when it returns.
 * A reset fills a fresh index while searches keep reading the old one; see {@link SearchIndex}.
 */
@Component
@ProcessingGroup(SearchProjection.GROUP)
public class SearchProjection {

    public static final String GROUP = "search";
    private static final String BATCH_RESOURCE = SearchProjection.class.getName() + ".writes";

    private final OpenSearchClient client;
    private final StreamableMessageSource<TrackedEventMessage<?>> eventLog;
    private volatile boolean indexReady;

    public SearchProjection(OpenSearchClient openSearchSyncClient, StreamableMessageSource<TrackedEventMessage<?>> eventLog) {
        this.client = openSearchSyncClient;
        this.eventLog = eventLog;
    }

    @EventHandler
    public void on(MessageSent event) {
        writes().add(event);
    }

    @EventHandler
    public void on(MessageEdited event) {
        writes().add(event);
    }

    @EventHandler
    public void on(MessageDeleted event) {
        writes().add(event);
    }

    /**
     * Starts filling a fresh index; {@code rebuild} is the reset's context, which the replay tokens carry,
     * so the rebuild is promoted only once this very replay has finished.
     */
    @ResetHandler
    void reset(String rebuild) throws IOException {
        TrackingToken head = eventLog.createHeadToken();
        SearchIndex.startRebuild(client, rebuild, head == null ? 0 : head.position().orElse(0));
        indexReady = true;
    }

    /** This processing batch's writes, to an index made sure to exist before the batch's first write. */
    private SearchWrites writes() {
        return ProcessingBatch.resource(BATCH_RESOURCE, () -> {
            if (!indexReady) {
                try {
                    SearchIndex.ensureExists(client);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                indexReady = true;
            }
            return new SearchWrites(client);
        });
    }
}
