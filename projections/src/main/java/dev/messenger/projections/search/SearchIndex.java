package dev.messenger.projections.search;

import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.opensearch.client.json.JsonpDeserializer;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.IndexSettings;

/**
 * The message search index. Clients read and write through the alias {@link #ALIAS}; the concrete
 * index behind it is versioned, so a rebuild can fill a fresh one and switch the alias atomically.
 * Explicit mappings ({@code search/messages-*.json}): {@code body} stemmed for English and other
 * Latin-script words, {@code body.plain} unstemmed for phrases and prefixes, {@code body.cjk} in
 * bigrams so a Chinese or Japanese word is found inside a sentence.
 */
public final class SearchIndex {

    public static final String ALIAS = "messages";
    public static final String FIRST_INDEX = "messages-v1";

    private SearchIndex() {
    }

    /** Creates the first index behind the alias when there is none yet. */
    public static void ensureExists(OpenSearchClient client) throws IOException {
        if (client.indices().existsAlias(a -> a.name(ALIAS)).value()) {
            return;
        }
        JsonpMapper mapper = client._transport().jsonpMapper();
        IndexSettings settings = read("search/messages-settings.json", IndexSettings._DESERIALIZER, mapper);
        TypeMapping mappings = read("search/messages-mappings.json", TypeMapping._DESERIALIZER, mapper);
        try {
            client.indices().create(c -> c.index(FIRST_INDEX).settings(settings).mappings(mappings).aliases(ALIAS, a -> a));
        } catch (org.opensearch.client.opensearch._types.OpenSearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private static <T> T read(String resource, JsonpDeserializer<T> deserializer, JsonpMapper mapper) {
        try (InputStream in = SearchIndex.class.getClassLoader().getResourceAsStream(resource);
             JsonParser parser = mapper.jsonProvider().createParser(in)) {
            return deserializer.deserialize(parser, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
