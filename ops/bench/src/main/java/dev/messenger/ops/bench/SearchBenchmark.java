package dev.messenger.ops.bench;

import dev.messenger.events.message.MessageSent;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import dev.messenger.projections.search.SearchIndex;
import dev.messenger.projections.search.SearchWrites;
import dev.messenger.query.search.SearchPage;
import dev.messenger.query.search.SearchQueries;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * The search benchmark: indexes generated messages through the search projection's own writes
 * ({@link SearchWrites}, bulk requests of one processing batch, as many writers as the projection has
 * segments) into a rebuilding index, promotes it, then times queries of mixed kinds through the
 * gateway's own {@link SearchQueries}, each filtered to the 100 conversations of a simulated user.
 *
 * <p>{@code ops/messenger bench-search [messages] [queries]}. It starts a throwaway OpenSearch node of
 * the local stack (the same engine and settings {@code ops/messenger up} runs) unless
 * {@code BENCH_OPENSEARCH_URL} names one; it never writes into a running system's index.
 */
public final class SearchBenchmark {

    private static final int CONVERSATIONS = 20_000;
    private static final int USERS = 10_000;
    private static final int CONVERSATIONS_PER_USER = 100;
    private static final int BATCH = 100;
    private static final int WRITERS = 2;
    private static final int WARM_UP_QUERIES = 200;

    private SearchBenchmark() {
    }

    /** The command line of {@code ops/messenger bench-search}. */
    static picocli.CommandLine.Model.CommandSpec spec() {
        picocli.CommandLine.Model.CommandSpec spec = dev.messenger.ops.cli.Cli.command("bench-search",
                "Index N generated messages in a throwaway OpenSearch (or BENCH_OPENSEARCH_URL) and time Q queries.");
        spec.addPositional(dev.messenger.ops.cli.Cli.positional(0, "N", int.class, "1000000", "messages to index"));
        spec.addPositional(dev.messenger.ops.cli.Cli.positional(1, "Q", int.class, "1000", "queries to time"));
        return spec;
    }

    public static void main(String[] args) throws Exception {
        picocli.CommandLine.Model.CommandSpec spec = spec();
        dev.messenger.ops.cli.Cli.parseOrExit(spec, args);
        int messages = dev.messenger.ops.cli.Cli.value(spec, 0);
        int queries = dev.messenger.ops.cli.Cli.value(spec, 1);
        String external = System.getenv("BENCH_OPENSEARCH_URL");
        Path dir = Files.createTempDirectory("search-bench");
        LocalStack stack = external == null ? LocalStack.start(StackSettings.forTests(dir, Engine.OPENSEARCH)) : null;
        String url = external != null ? external : stack.url(Engine.OPENSEARCH);
        URI uri = URI.create(url);
        try (OpenSearchTransport transport = ApacheHttpClient5TransportBuilder
                .builder(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()))
                .setMapper(new JacksonJsonpMapper()).build()) {
            OpenSearchClient client = new OpenSearchClient(transport);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name"));
            results.put("messages", messages);
            results.putAll(index(client, messages));
            results.putAll(search(new SearchQueries(new OpenSearchAsyncClient(transport)), queries));
            BenchResults.write("search", results);
        } finally {
            if (stack != null) {
                stack.close();
            }
            BenchResults.deleteRecursively(dir);
        }
    }

    private static Map<String, Object> index(OpenSearchClient client, int messages) throws Exception {
        SearchIndex.startRebuild(client, "bench", messages);
        AtomicLong indexed = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                MessageGenerator generator = new MessageGenerator(writer);
                SearchWrites writes = new SearchWrites(client);
                for (long i = writer; i < messages; i += WRITERS) {
                    writes.add(generator.message(i));
                    if (writes.size() == BATCH) {
                        writes.flush();
                        progress(indexed.addAndGet(BATCH), messages, start);
                    }
                }
                indexed.addAndGet(writes.size());
                writes.flush();
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        writers.shutdown();
        SearchIndex.promote(client); // turns refreshes back on and refreshes
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.println();
        long count = client.count(c -> c.index(SearchIndex.ALIAS)).count();
        if (count != messages) {
            throw new IllegalStateException("indexed " + count + " of " + messages);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("indexing", ordered("seconds", Math.round(seconds * 10) / 10.0, "messagesPerSecond", Math.round(messages / seconds),
                "writers", WRITERS, "bulkSize", BATCH));
        return result;
    }

    private static Map<String, Object> search(SearchQueries search, int queries) {
        MessageGenerator generator = new MessageGenerator(99);
        Random random = new Random(7);
        for (int i = 0; i < WARM_UP_QUERIES; i++) {
            run(search, generator.query(i), random);
        }
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        long hits = 0;
        for (int i = 0; i < queries; i++) {
            MessageGenerator.Query query = generator.query(i);
            long start = System.nanoTime();
            hits += run(search, query, random);
            long micros = (System.nanoTime() - start) / 1000;
            latency.recordValue(micros);
            byKind.computeIfAbsent(query.kind(), k -> new Histogram(TimeUnit.SECONDS.toMicros(60), 3)).recordValue(micros);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("search", ordered("queries", queries, "p50ms", ms(latency, 50), "p90ms", ms(latency, 90), "p99ms", ms(latency, 99),
                "maxMs", latency.getMaxValue() / 1000.0, "averageHits", Math.round(hits * 10.0 / queries) / 10.0,
                "filter", CONVERSATIONS_PER_USER + " conversations per query"));
        Map<String, Object> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, h) -> kinds.put(kind, ordered("count", h.getTotalCount(), "p50ms", ms(h, 50), "p99ms", ms(h, 99))));
        result.put("searchByKind", kinds);
        return result;
    }

    private static int run(SearchQueries search, MessageGenerator.Query query, Random random) {
        List<String> conversations = new ArrayList<>(CONVERSATIONS_PER_USER);
        if (query.conversationId() != null) {
            conversations.add(query.conversationId());
        } else {
            int user = random.nextInt(USERS);
            for (int c = 0; c < CONVERSATIONS_PER_USER; c++) {
                conversations.add(MessageGenerator.conversationId((user * 37L + c * 199L) % CONVERSATIONS));
            }
        }
        SearchQueries.Order order = query.relevance() ? SearchQueries.Order.RELEVANCE : SearchQueries.Order.RECENT;
        SearchPage page = search.findMessages(conversations, query.q(), order, 20, Optional.empty()).block(Duration.ofSeconds(30));
        return page.hits().size();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static double ms(Histogram histogram, double percentile) {
        return Math.round(histogram.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }

    private static void progress(long done, long total, long start) {
        if (done % 50_000 < BATCH) {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("\rindexed %,d of %,d (%,.0f messages/s)", done, total, done / seconds);
        }
    }

    /** Deterministic messages: log-uniformly popular English words with their inflections, one in ten in Chinese or Japanese. */
    static final class MessageGenerator {

        private static final String[] WORDS = ("deploy release meeting coffee shop lunch dinner weekend project review "
                + "design server database cluster upgrade ticket customer invoice budget plan travel flight hotel train "
                + "photo video birthday party gift family school homework game match score team coach weather rain sun "
                + "snow holiday beach mountain garden kitchen recipe bread cheese wine music concert movie book story "
                + "question answer idea problem solution test bug feature launch market price order delivery package "
                + "call message note report draft slide deadline office remote schedule calendar doctor appointment").split(" ");
        private static final String[] SUFFIXES = {"", "", "", "s", "ed", "ing"};
        private static final String[] FILLER = "the a to and of we you it is on for at with this that will can".split(" ");
        private static final String[] CJK = {"北京", "东京", "会议", "明天", "咖啡", "电影", "朋友", "工作", "周末", "学校", "会社", "天気", "旅行", "音楽"};
        private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

        private final Random random;

        MessageGenerator(long seed) {
            this.random = new Random(seed);
        }

        static String conversationId(long n) {
            return "c-" + n;
        }

        MessageSent message(long n) {
            long conversation = random.nextInt(CONVERSATIONS);
            String body = random.nextInt(10) == 0 ? cjkSentence() : sentence();
            return new MessageSent(conversationId(conversation), "m-" + n, n + 1, "u-" + random.nextInt(USERS), body, null, null,
                    EPOCH.plusSeconds(n));
        }

        record Query(String kind, String q, String conversationId, boolean relevance) {
        }

        Query query(int n) {
            String word = WORDS[(int) zipf(WORDS.length)];
            boolean relevance = n % 2 == 0;
            return switch (n % 6) {
                case 0 -> new Query("word", word, null, relevance);
                case 1 -> new Query("stemmed", word + "ing", null, relevance);
                case 2 -> new Query("phrase", "\"" + word + " " + WORDS[(int) zipf(WORDS.length)] + "\"", null, relevance);
                case 3 -> new Query("prefix", word.substring(0, Math.min(4, word.length())), null, relevance);
                case 4 -> new Query("cjk", CJK[random.nextInt(CJK.length)], null, relevance);
                default -> new Query("in-conversation", word, conversationId(random.nextInt(CONVERSATIONS)), relevance);
            };
        }

        private String sentence() {
            int length = 4 + random.nextInt(12);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    text.append(' ');
                }
                text.append(random.nextInt(3) == 0 ? FILLER[random.nextInt(FILLER.length)]
                        : WORDS[(int) zipf(WORDS.length)] + SUFFIXES[random.nextInt(SUFFIXES.length)]);
            }
            return text.toString();
        }

        private String cjkSentence() {
            StringBuilder text = new StringBuilder("我们");
            int length = 2 + random.nextInt(4);
            for (int i = 0; i < length; i++) {
                text.append(CJK[random.nextInt(CJK.length)]).append(i % 2 == 0 ? "的" : "と");
            }
            return text.append("。").toString();
        }

        /** 0 .. n-1, small values far more often (word popularity). */
        private long zipf(int n) {
            double u = random.nextDouble();
            return Math.min(n - 1, (long) (Math.pow(n + 1.0, u) - 1));
        }
    }
}
