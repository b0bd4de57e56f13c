package dev.messenger.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import dev.messenger.projections.search.SearchIndex;
import dev.messenger.projections.search.SearchProjection;
import dev.messenger.projections.support.Batches;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** The search projection and its queries on a real OpenSearch: what is sent is found, in its conversation only, as it now reads. */
class SearchProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static OpenSearchClient sync;
    private static SearchQueries search;

    private SearchProjection projection;
    private String first;
    private String second;

    @BeforeAll
    static void openSearch() throws Exception {
        URI url = URI.create(LocalStack.start(StackSettings.forTests(Files.createTempDirectory("search-it-"), Engine.OPENSEARCH))
                .url(Engine.OPENSEARCH));
        OpenSearchTransport transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost(url.getScheme(), url.getHost(), url.getPort()))
                .setMapper(new JacksonJsonpMapper()).build();
        sync = new OpenSearchClient(transport);
        search = new SearchQueries(new OpenSearchAsyncClient(transport));
    }

    @BeforeEach
    void setUp() {
        projection = new SearchProjection(sync, null); // the event log is read by a rebuild only
        first = "g-" + UUID.randomUUID();
        second = "g-" + UUID.randomUUID();
    }

    @Test
    void aMessageIsFoundByItsWordsInItsOwnConversationOnly() throws Exception {
        Batches.handle(projection, new MessageSent(first, "m-fox", 1, "alice", "the quick brown fox", null, null, AT));
        Batches.handle(projection, new MessageSent(second, "m-dog", 1, "bob", "the lazy dog", null, null, AT));
        refresh();

        assertThat(found(List.of(first), "fox")).containsExactly("m-fox");
        assertThat(found(List.of(second), "fox")).isEmpty();
        assertThat(found(List.of(first, second), "the")).containsExactlyInAnyOrder("m-fox", "m-dog");
    }

    @Test
    void anEditedMessageIsFoundByItsNewWordsOnly() throws Exception {
        Batches.handle(projection, new MessageSent(first, "m-1", 1, "alice", "meet at noon", null, null, AT));
        Batches.handle(projection, new MessageEdited(first, "m-1", 1, "alice", "meet at midnight", AT));
        refresh();

        assertThat(found(List.of(first), "midnight")).containsExactly("m-1");
        assertThat(found(List.of(first), "noon")).isEmpty();
    }

    @Test
    void aDeletedMessageIsNotFound() throws Exception {
        Batches.handle(projection, new MessageSent(first, "m-1", 1, "alice", "regrettable words", null, null, AT));
        Batches.handle(projection, new MessageDeleted(first, "m-1", 1, "alice", AT));
        refresh();

        assertThat(found(List.of(first), "regrettable")).isEmpty();
    }

    private static void refresh() throws Exception {
        sync.indices().refresh(r -> r.index(SearchIndex.WRITE_ALIAS));
    }

    private static List<String> found(List<String> conversations, String q) {
        return search.findMessages(conversations, q, SearchQueries.Order.RECENT, 20, Optional.empty()).block()
                .hits().stream().map(SearchPage.Hit::messageId).toList();
    }
}
