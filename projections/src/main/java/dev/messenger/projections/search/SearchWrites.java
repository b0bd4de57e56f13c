package dev.messenger.projections.search;

import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * The index writes of a batch of message events, sent as one bulk request through the write alias.
 * One document per message id, so indexing the same event twice is harmless; operations on one id
 * apply in the order they were added. A failed item fails the whole flush (the caller retries the
 * batch), except an edit or delete of a document that is not there; an item the index refuses for what it
 * is (not for being busy) is a {@code WriteRefused}, which parks its event in the dead-letter queue.
 */
public final class SearchWrites implements dev.messenger.projections.support.ProcessingBatch.PendingWrites {

    private final OpenSearchClient client;
    private final List<BulkOperation> operations = new ArrayList<>();

    public SearchWrites(OpenSearchClient client) {
        this.client = client;
    }

    public SearchWrites add(MessageSent event) {
        if (event.body() == null) {
            return this;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("conversationId", event.conversationId());
        document.put("messageId", event.messageId());
        document.put("seq", event.seq());
        document.put("senderId", event.senderId());
        document.put("sentAt", event.sentAt().toString());
        document.put("body", event.body());
        operations.add(BulkOperation.of(b -> b.index(i -> i.index(SearchIndex.WRITE_ALIAS).id(event.messageId()).document(document))));
        return this;
    }

    public SearchWrites add(MessageEdited event) {
        operations.add(BulkOperation.of(b -> b.update(u -> u.index(SearchIndex.WRITE_ALIAS).id(event.messageId())
                .document(Map.of("body", event.body())))));
        return this;
    }

    public SearchWrites add(MessageDeleted event) {
        operations.add(BulkOperation.of(b -> b.delete(d -> d.index(SearchIndex.WRITE_ALIAS).id(event.messageId()))));
        return this;
    }

    public int size() {
        return operations.size();
    }

    /** Sends everything added so far in one bulk request and starts over. */
    @Override
    public void flush() throws IOException {
        if (operations.isEmpty()) {
            return;
        }
        List<BulkOperation> sending = List.copyOf(operations);
        operations.clear(); // sent or failed, never sent again with the next event's writes
        BulkResponse response = client.bulk(b -> b.operations(sending));
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null || "document_missing_exception".equals(item.error().type())) {
                    continue;
                }
                if (item.status() == 429 || item.status() >= 500) { // an overloaded or recovering node: try again later
                    throw new IOException("search index unavailable for " + item.id() + ": " + item.error().type());
                }
                throw new dev.messenger.projections.support.WriteFailures.WriteRefused(
                        "search index refused " + item.id() + ": " + item.error().type());
            }
        }
    }

    @Override
    public void discard() {
        operations.clear();
    }
}
