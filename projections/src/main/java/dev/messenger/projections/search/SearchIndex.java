package dev.messenger.projections.search;

import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpDeserializer;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.IndexSettings;

/**
 * The message search index. Searches read through the alias {@link #ALIAS}, the projection writes
 * through {@link #WRITE_ALIAS}; both name the same concrete index except while a rebuild fills a
 * fresh one, which {@link #promote} then puts behind the read alias in one atomic alias update, so
 * searches keep working for the whole rebuild (on the old index, which no longer receives writes:
 * what is sent during a rebuild becomes searchable when the rebuilt index is promoted).
 * Explicit mappings ({@code search/messages-*.json}): {@code body} stemmed for English and other
 * Latin-script words, {@code body.plain} unstemmed for phrases and prefixes, {@code body.cjk} in
 * bigrams so a Chinese or Japanese word is found inside a sentence.
 */
public final class SearchIndex {

    public static final String ALIAS = "messages";
    public static final String WRITE_ALIAS = "messages-write";
    /** The first index has a fixed name, so gateway nodes starting together create it only once. */
    static final String FIRST_INDEX = "messages-v1";

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final String LIVE_REFRESH = "1s";
    private static final String REBUILD = "rebuild";
    private static final String REPLAY_UNTIL = "replayUntil";

    private SearchIndex() {
    }

    /** Creates the first index behind both aliases when there is none yet. */
    public static void ensureExists(OpenSearchClient client) throws IOException {
        if (indexBehind(client, WRITE_ALIAS).isPresent()) {
            return;
        }
        Optional<String> readIndex = indexBehind(client, ALIAS);
        if (readIndex.isPresent()) { // written before the write alias existed
            client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(readIndex.get()).alias(WRITE_ALIAS))));
            return;
        }
        create(client, FIRST_INDEX, LIVE_REFRESH, null);
    }

    /**
     * Starts a rebuild: a fresh, empty index takes the write alias (without refreshes while it fills);
     * the read alias stays on the current index until {@link #promote}. An earlier rebuild's index that
     * was never promoted is dropped.
     */
    public static String startRebuild(OpenSearchClient client, String rebuild, long replayUntil) throws IOException {
        ensureExists(client);
        String readIndex = indexBehind(client, ALIAS).orElseThrow();
        String previousWrite = indexBehind(client, WRITE_ALIAS).orElseThrow();
        String fresh = newIndexName();
        create(client, fresh, "-1", new Rebuild(rebuild, replayUntil));
        client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(previousWrite).alias(WRITE_ALIAS)))
                .actions(a -> a.add(add -> add.index(fresh).alias(WRITE_ALIAS))));
        if (!previousWrite.equals(readIndex)) {
            deleteIfExists(client, previousWrite);
        }
        return fresh;
    }

    /**
     * A rebuild in progress: the reset that started it ({@code id}, the context of its replay tokens) and
     * the head of the log at that moment ({@code replayUntil}).
     */
    public record Rebuild(String id, long replayUntil) {
    }

    /** The rebuild whose index waits to be promoted, if any. */
    public static Optional<Rebuild> pendingRebuild(OpenSearchClient client) throws IOException {
        Optional<String> write = indexBehind(client, WRITE_ALIAS);
        if (write.isEmpty() || write.equals(indexBehind(client, ALIAS))) {
            return Optional.empty();
        }
        String index = write.get();
        Map<String, JsonData> meta = client.indices().getMapping(m -> m.index(index)).result().get(index).mappings().meta();
        if (!meta.containsKey(REBUILD) || !meta.containsKey(REPLAY_UNTIL)) {
            return Optional.empty();
        }
        return Optional.of(new Rebuild(meta.get(REBUILD).to(String.class), meta.get(REPLAY_UNTIL).to(Long.class)));
    }

    /**
     * Puts the rebuilt index behind the read alias in one alias update and drops the old index. Call it
     * once the projection has replayed the log. Safe to call from several nodes at once.
     */
    public static boolean promote(OpenSearchClient client) throws IOException {
        String write = indexBehind(client, WRITE_ALIAS).orElse(null);
        String read = indexBehind(client, ALIAS).orElse(null);
        if (write == null || write.equals(read)) {
            return false;
        }
        client.indices().putSettings(s -> s.index(write).settings(settings -> settings.refreshInterval(t -> t.time(LIVE_REFRESH))));
        client.indices().refresh(r -> r.index(write));
        client.indices().updateAliases(u -> {
            if (read != null) {
                u.actions(a -> a.remove(r -> r.index(read).alias(ALIAS)));
            }
            return u.actions(a -> a.add(add -> add.index(write).alias(ALIAS)));
        });
        if (read != null) {
            deleteIfExists(client, read);
        }
        return true;
    }

    /** The concrete index an alias names, if the alias exists. */
    public static Optional<String> indexBehind(OpenSearchClient client, String alias) throws IOException {
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            return Optional.empty();
        }
        return client.indices().getAlias(a -> a.name(alias)).result().keySet().stream().sorted().findFirst();
    }

    /** A rebuilding index gets only the write alias, and its rebuild in the mapping's _meta. */
    private static void create(OpenSearchClient client, String index, String refreshInterval, Rebuild rebuild) throws IOException {
        JsonpMapper mapper = client._transport().jsonpMapper();
        IndexSettings base = read("search/messages-settings.json", IndexSettings._DESERIALIZER, mapper);
        IndexSettings settings = IndexSettings.of(s -> s
                .numberOfShards(base.numberOfShards())
                .numberOfReplicas(base.numberOfReplicas())
                .analysis(base.analysis())
                .refreshInterval(t -> t.time(refreshInterval)));
        TypeMapping baseMapping = read("search/messages-mappings.json", TypeMapping._DESERIALIZER, mapper);
        TypeMapping mappings = rebuild == null ? baseMapping : TypeMapping.of(m -> m
                .dynamic(baseMapping.dynamic())
                .properties(baseMapping.properties())
                .meta(Map.of(REBUILD, JsonData.of(rebuild.id()), REPLAY_UNTIL, JsonData.of(rebuild.replayUntil()))));
        try {
            client.indices().create(c -> {
                c.index(index).settings(settings).mappings(mappings);
                // a rebuild's index takes the write alias in one alias update with the old index losing it: never
                // two indices behind it, which would refuse every write meanwhile
                return rebuild == null ? c.aliases(WRITE_ALIAS, a -> a).aliases(ALIAS, a -> a) : c;
            });
        } catch (OpenSearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private static void deleteIfExists(OpenSearchClient client, String index) throws IOException {
        try {
            client.indices().delete(d -> d.index(index));
        } catch (OpenSearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private static String newIndexName() {
        return "messages-" + VERSION.format(Clock.systemUTC().instant());
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
