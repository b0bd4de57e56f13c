package dev.messenger.projections.search;

import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.springframework.stereotype.Component;

/**
 * Every message in OpenSearch, one document per message id (so indexing twice is harmless); edits
 * re-index the body, deletes remove the document. When OpenSearch is down the handler fails, the
 * processor keeps its token and retries with back-off, so the index catches up when it returns.
 */
@Component
@ProcessingGroup(SearchProjection.GROUP)
public class SearchProjection {

    public static final String GROUP = "search";

    private final OpenSearchClient client;
    private volatile boolean indexReady;

    public SearchProjection(OpenSearchClient openSearchSyncClient) {
        this.client = openSearchSyncClient;
    }

    @EventHandler
    public void on(MessageSent event) throws IOException {
        if (event.body() == null) {
            return;
        }
        ensureIndex();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("conversationId", event.conversationId());
        document.put("messageId", event.messageId());
        document.put("seq", event.seq());
        document.put("senderId", event.senderId());
        document.put("sentAt", event.sentAt().toString());
        document.put("body", event.body());
        client.index(i -> i.index(SearchIndex.ALIAS).id(event.messageId()).document(document));
    }

    @EventHandler
    public void on(MessageEdited event) throws IOException {
        ensureIndex();
        try {
            client.update(u -> u.index(SearchIndex.ALIAS).id(event.messageId()).doc(Map.of("body", event.body())), Map.class);
        } catch (OpenSearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    @EventHandler
    public void on(MessageDeleted event) throws IOException {
        ensureIndex();
        client.delete(d -> d.index(SearchIndex.ALIAS).id(event.messageId()));
    }

    @ResetHandler
    void reset() throws IOException {
        if (client.indices().existsAlias(a -> a.name(SearchIndex.ALIAS)).value()) {
            client.indices().delete(d -> d.index(SearchIndex.FIRST_INDEX));
        }
        indexReady = false;
        ensureIndex();
    }

    private void ensureIndex() throws IOException {
        if (!indexReady) {
            SearchIndex.ensureExists(client);
            indexReady = true;
        }
    }
}
