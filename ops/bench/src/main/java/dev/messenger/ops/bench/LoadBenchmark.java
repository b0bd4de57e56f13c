package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator: signs up N users, opens every user's {@code /events} stream, puts each user in
 * one direct chat and one group, and has them send messages at a target rate (or as fast as the
 * system accepts) over real HTTP. It measures send latency (request to 201), delivery latency (request
 * sent to the SSE event arriving at each recipient), accepted sends per second, and checks that every
 * message reached every recipient exactly once. Then it measures history paging, the inbox and search
 * while a background send load runs.
 *
 * <p>Latencies are measured from when a request was due, not when it went out, so a system that falls
 * behind the target rate shows it in the percentiles (no coordinated omission).
 *
 * <p>{@code ops/messenger bench [--users N] [--group-size N] [--rate R|0] [--duration S] [--warmup S]
 * [--concurrency C] [--read-seconds S] [--read-concurrency C] [--background-rate R] [--name NAME] [--url URL]};
 * results go to {@code ops/results/NAME.json} and {@code .md}.
 */
public final class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
    private static final String[] WORDS = {"deploy", "lunch", "meeting", "invoice", "holiday", "release", "coffee",
            "weekend", "football", "concert", "dinner", "project", "review", "budget", "flight"};

    private final Settings settings;
    private final HttpClient http;
    private final List<User> users = new ArrayList<>();
    private final List<Chat> chats = new ArrayList<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHistogram sendLatency = histogram();
    private final ConcurrentHistogram deliveryLatency = histogram();
    /** Sends accepted and deliveries made per second from the start of the load (for the throughput chart). */
    private volatile BenchCharts.Timeline sentPerSecond;
    private volatile BenchCharts.Timeline deliveredPerSecond;
    private final AtomicLong measuredSends = new AtomicLong();
    private final AtomicLong expectedDeliveries = new AtomicLong();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Double> cpuAtMeasureStart = new ConcurrentHashMap<>();
    private final AtomicLong deliveriesAtMeasureStart = new AtomicLong();

    record Settings(String base, String scenario, int users, int groupSize, int rate, int durationSeconds, int warmupSeconds,
                    int concurrency, int readSeconds, int backgroundRate, int readConcurrency, String name) {
    }

    /** {@code ops/messenger bench}: the options, each with its default, checked before anything is sent. */
    @picocli.CommandLine.Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Load test of a running system: sign-ups, then sends as fast as accepted (or at --rate), each delivery "
                    + "checked to arrive exactly once, then history, inbox and search reads; results in ops/results/NAME.md and .json.",
                    "The server's CPU per message is read from /proc for the local engines and the gateway."})
    static final class Options implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--scenario", defaultValue = "mixed",
                description = "mixed (direct chats and groups) or pairs (N users in N/2 direct chats, both sending); default ${DEFAULT-VALUE}")
        String scenario;
        @picocli.CommandLine.Option(names = "--users", defaultValue = "1000", description = "users signed up, each with an open stream (default ${DEFAULT-VALUE})")
        int users;
        @picocli.CommandLine.Option(names = "--group-size", defaultValue = "8", description = "members of each group, mixed scenario (default ${DEFAULT-VALUE})")
        int groupSize;
        @picocli.CommandLine.Option(names = "--rate", defaultValue = "0", description = "sends per second; 0: as fast as accepted (default)")
        int rate;
        @picocli.CommandLine.Option(names = "--duration", defaultValue = "60", description = "seconds measured (default ${DEFAULT-VALUE})")
        int durationSeconds;
        @picocli.CommandLine.Option(names = "--warmup", defaultValue = "10", description = "seconds of load before measuring (default ${DEFAULT-VALUE})")
        int warmupSeconds;
        @picocli.CommandLine.Option(names = "--concurrency", defaultValue = "64", description = "sends in flight at most (default ${DEFAULT-VALUE})")
        int concurrency;
        @picocli.CommandLine.Option(names = "--read-seconds", defaultValue = "20", description = "seconds of history, inbox and search reads; 0: none (default ${DEFAULT-VALUE})")
        int readSeconds;
        @picocli.CommandLine.Option(names = "--background-rate", defaultValue = "20", description = "sends per second while reading (default ${DEFAULT-VALUE})")
        int backgroundRate;
        @picocli.CommandLine.Option(names = "--read-concurrency", defaultValue = "4", description = "reads in flight at most (default ${DEFAULT-VALUE})")
        int readConcurrency;
        @picocli.CommandLine.Option(names = "--name", description = "the results' file name (default bench, or bench-pairs)")
        String name;
        @picocli.CommandLine.Option(names = "--url", description = "the gateway (default MESSENGER_URL, else http://localhost:8080)")
        String url;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        Settings settings() {
            if (!scenario.equals("mixed") && !scenario.equals("pairs")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scenario is mixed or pairs, not " + scenario);
            }
            if (users < 2 || groupSize < 2 || rate < 0 || durationSeconds < 1 || warmupSeconds < 0 || concurrency < 1 || readSeconds < 0
                    || backgroundRate < 0 || readConcurrency < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "at least 2 users and 2 per group, a duration of 1 s, one send and one read in flight; nothing negative");
            }
            return new Settings(url != null ? url : System.getenv().getOrDefault("MESSENGER_URL", "http://localhost:8080"), scenario,
                    users, groupSize, rate, durationSeconds, warmupSeconds, concurrency, readSeconds, backgroundRate, readConcurrency,
                    name != null ? name : scenario.equals("pairs") ? "bench-pairs" : "bench");
        }

        @Override
        public Integer call() throws Exception {
            return new LoadBenchmark(settings()).run() ? 0 : 1;
        }
    }

    /** A signed-up user and the conversations they send in. */
    record User(int index, String userId, String token, List<Chat> chats) {
    }

    /** A conversation and its members, by user index. */
    record Chat(String conversationId, int[] members) {
    }

    /** A message on its way: who sent it, to which chat, when it was due, and which recipients have it. */
    static final class Pending {
        final Chat chat;
        final int sender;
        final long dueNanos;
        final boolean measured;
        final ConcurrentHashMap.KeySetView<Integer, Boolean> arrived = ConcurrentHashMap.newKeySet();

        Pending(Chat chat, int sender, long dueNanos, boolean measured) {
            this.chat = chat;
            this.sender = sender;
            this.dueNanos = dueNanos;
            this.measured = measured;
        }
    }

    private LoadBenchmark(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors()), daemon("http")))
                .build();
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new Options()).execute(args));
    }

    private boolean run() throws Exception {
        Settings s = settings;
        String run = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("signing up %d users (run %s) ...%n", s.users(), run);
        signUp(run);
        createChats();
        System.out.printf("opening %d event streams ...%n", s.users());
        openStreams();

        HeapSampler heap = null;
        if (System.getenv("MESSENGER_ADMIN_USER") != null) {
            heap = new HeapSampler(http, s.base(), AdminCli.signIn(http, s.base()));
            heap.start();
        }

        System.out.printf("sending for %d s (+%d s warm-up) %s ...%n", s.durationSeconds(), s.warmupSeconds(),
                s.rate() > 0 ? "at " + s.rate() + "/s" : "as fast as accepted, " + s.concurrency() + " in flight");
        Map<String, Double> cpuBefore = ProcessCpu.snapshot();
        long sendPhase = sendLoad(s.rate(), s.concurrency(), s.warmupSeconds(), s.durationSeconds(), () -> {
            cpuAtMeasureStart.putAll(ProcessCpu.snapshot());
            deliveriesAtMeasureStart.set(deliveries.sum());
        });
        Map<String, Double> cpuUsed = ProcessCpu.between(cpuAtMeasureStart.isEmpty() ? cpuBefore : cpuAtMeasureStart, ProcessCpu.snapshot());
        long deliveredWhileSending = deliveries.sum() - deliveriesAtMeasureStart.get();
        boolean allDelivered = awaitDeliveries();
        long sendHeap = heap == null ? -1 : heap.peakAndReset();
        long accepted = measuredSends.get();

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os", System.getProperty("os.name") + " "
                + System.getProperty("os.arch"), "note", "load generator, gateway and every engine on the same machine"));
        results.put("settings", Map.of("scenario", s.scenario(), "users", s.users(), "openStreams", openStreams.get(), "groupSize", s.groupSize(),
                "targetRate", s.rate() == 0 ? "max" : s.rate(), "durationSeconds", s.durationSeconds(), "warmupSeconds", s.warmupSeconds(),
                "concurrency", s.concurrency(), "readConcurrency", s.readConcurrency(), "backgroundSendsPerSecond", s.backgroundRate()));
        results.put("send", row(sendLatency, accepted / (sendPhase / 1e9), errorCount("send")));
        results.put("delivery", row(deliveryLatency, deliveredWhileSending / (sendPhase / 1e9), 0));
        results.put("exactlyOnce", Map.of("messages", pending.size(), "expectedDeliveries", expectedDeliveries.get(),
                "deliveries", deliveries.sum(), "missing", expectedDeliveries.get() - deliveries.sum(), "duplicates", duplicates.sum()));
        if (!cpuUsed.isEmpty() && accepted > 0) {
            // CPU milliseconds each process spent per accepted send while sending, and cores used in all
            Map<String, Object> cpu = new LinkedHashMap<>();
            double seconds = sendPhase / 1e9;
            cpuUsed.forEach((label, used) -> cpu.put(label + "MsPerSend", Math.round(used * 1000 / accepted * 100) / 100.0));
            // the server's cost per delivered message: every process but the load generator, over the deliveries made
            // while sending (each recipient's SSE event counts once)
            long delivered = deliveredWhileSending;
            double server = cpuUsed.entrySet().stream().filter(e -> !e.getKey().equals("load-generator"))
                    .mapToDouble(Map.Entry::getValue).sum();
            cpu.put("serverMsPerSend", Math.round(server * 1000 / accepted * 100) / 100.0);
            if (delivered > 0) {
                cpu.put("serverMsPerDelivery", Math.round(server * 1000 / delivered * 100) / 100.0);
                cpu.put("load-generatorMsPerDelivery", Math.round(cpuUsed.getOrDefault("load-generator", 0.0) * 1000 / delivered * 100) / 100.0);
            }
            cpu.put("coresUsed", Math.round(cpuUsed.values().stream().mapToDouble(Double::doubleValue).sum() / seconds * 100) / 100.0);
            results.put("cpu", cpu);
        }
        if (sendHeap >= 0) {
            results.put("gatewayHeapPeakMb", sendHeap / (1024 * 1024));
        }

        if (s.readSeconds() > 0) {
            for (String scenario : List.of("history", "inbox", "search")) {
                System.out.printf("%s for %d s with %d sends/s in the background ...%n", scenario, s.readSeconds(), s.backgroundRate());
                results.put(scenario, readScenario(scenario));
            }
        }
        results.put("errors", errors.entrySet().stream().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue().sum()), Map::putAll));
        BenchResults.write(s.name(), results);
        System.out.println("charts: " + BenchCharts.latencyDistribution(BenchResults.dir(), s.name(),
                        new java.util.TreeMap<>(Map.of("send (request to 201)", sendLatency,
                                "delivery (request to the recipient's stream)", deliveryLatency)))
                + " and " + BenchCharts.throughputOverTime(BenchResults.dir(), s.name(),
                        new java.util.TreeMap<>(Map.of("sends accepted", sentPerSecond, "deliveries", deliveredPerSecond)),
                        s.warmupSeconds()));
        if (heap != null) {
            heap.interrupt();
        }
        return allDelivered && duplicates.sum() == 0;
    }

    private void signUp(String run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16, daemon("signup"));
        List<CompletableFuture<User>> futures = new ArrayList<>();
        for (int i = 0; i < settings.users(); i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                String username = "bench_" + run + "_" + index;
                JsonNode user = post(null, "/auth/register", Map.of("username", username, "password", "bench-password-" + run,
                        "displayName", "Bench " + index));
                JsonNode token = post(null, "/auth/token", Map.of("username", username, "password", "bench-password-" + run));
                return new User(index, user.get("userId").asText(), token.get("access_token").asText(), new ArrayList<>());
            }, pool));
        }
        dev.messenger.ops.cli.Progress progress = new dev.messenger.ops.cli.Progress("signing up", "users", 0);
        for (CompletableFuture<User> future : futures) {
            users.add(future.get());
            progress.show(users.size(), settings.users());
        }
        progress.done(String.format("%d users signed up", users.size()));
        pool.shutdown();
    }

    /**
     * Pairs (0,1), (2,3) … in direct chats, and (mixed scenario only) consecutive runs of group-size users in groups.
     * In the pairs scenario both of a pair send, in turn, so messages go both ways.
     */
    private void createChats() {
        for (int i = 0; i + 1 < users.size(); i += 2) {
            chat(users.get(i), "direct", new int[] {i, i + 1});
        }
        if (settings.scenario().equals("pairs")) {
            return;
        }
        for (int start = 0; start + 1 < users.size(); start += settings.groupSize()) {
            int size = Math.min(settings.groupSize(), users.size() - start);
            int[] members = new int[size];
            for (int m = 0; m < size; m++) {
                members[m] = start + m;
            }
            chat(users.get(start), "group", members);
        }
    }

    private void chat(User creator, String type, int[] members) {
        List<String> others = new ArrayList<>();
        for (int member : members) {
            if (member != creator.index()) {
                others.add(users.get(member).userId());
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", type);
        request.put("participants", others);
        if (type.equals("group")) {
            request.put("title", "bench group " + members[0]);
        }
        Chat chat = new Chat(post(creator.token(), "/conversations", request).get("conversationId").asText(), members);
        if (type.equals("direct")) {
            // the generated users share no conversation yet: the chat is the other's message request, which they accept,
            // as people who chat do (else their reads would send no receipts and its messages notify them of nothing)
            for (int member : members) {
                if (member != creator.index()) {
                    accept(users.get(member).token(), chat.conversationId());
                }
            }
        }
        chats.add(chat);
        for (int member : members) {
            users.get(member).chats().add(chat);
        }
    }

    private void openStreams() throws InterruptedException {
        for (User user : users) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.base() + "/events"))
                    .header("Authorization", "Bearer " + user.token()).header("Accept", "text/event-stream").build();
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new StreamReader(user.index())))
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            count("stream", failure != null ? failure.getClass().getSimpleName() : String.valueOf(response.statusCode()));
                        }
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (openStreams.get() < users.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.printf("%d streams open%n", openStreams.get());
    }

    /** One user's event stream: every {@code message.sent} of another sender counts as a delivery to this user. */
    private final class StreamReader implements Flow.Subscriber<String> {
        private final int user;
        private final SseParser parser = new SseParser();

        StreamReader(int user) {
            this.user = user;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            openStreams.incrementAndGet();
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            var event = parser.accept(line);
            if (event.isEmpty() || !"message.sent".equals(event.get().type())) {
                return;
            }
            try {
                String clientMessageId = clientMessageId(event.get().data());
                Pending message = clientMessageId == null ? null : pending.get(clientMessageId);
                if (message == null || message.sender == user) {
                    return;
                }
                if (!message.arrived.add(user)) {
                    duplicates.increment();
                    return;
                }
                deliveries.increment();
                BenchCharts.Timeline timeline = deliveredPerSecond;
                if (timeline != null) {
                    timeline.count(now);
                }
                if (message.measured) {
                    deliveryLatency.recordValue(Math.min(HIGHEST_MICROS, (now - message.dueNanos) / 1000));
                }
            } catch (Exception e) {
                count("stream", "unreadable event");
            }
        }

        /**
         * The event's clientMessageId, found by its key rather than by parsing the whole event: the load generator
         * shares the machine with the system it measures, so what it spends per delivery counts against the result.
         * The benchmark's own ids hold no characters that JSON escapes.
         */
        private static String clientMessageId(String json) {
            String key = "\"clientMessageId\":\"";
            int start = json.indexOf(key);
            if (start < 0) {
                return null;
            }
            start += key.length();
            int end = json.indexOf('"', start);
            return end < 0 ? null : json.substring(start, end);
        }

        @Override
        public void onError(Throwable throwable) {
            openStreams.decrementAndGet();
            count("stream", "closed: " + throwable.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            openStreams.decrementAndGet();
        }
    }

    /**
     * Sends for warm-up plus duration seconds: at {@code rate} per second when positive (each request due
     * at its slot, at most {@code concurrency * 16} in flight), otherwise {@code concurrency} requests
     * always in flight. Returns the measured phase's length in nanoseconds.
     */
    private long sendLoad(int rate, int concurrency, int warmupSeconds, int durationSeconds, Runnable atMeasureStart)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        // and half a minute after the sends, while the last deliveries arrive
        deliveredPerSecond = new BenchCharts.Timeline(start, warmupSeconds + durationSeconds + 30);
        sentPerSecond = new BenchCharts.Timeline(start, warmupSeconds + durationSeconds + 30);
        Semaphore inFlight = new Semaphore(rate > 0 ? concurrency * 16 : concurrency);
        long issued = 0;
        boolean measuring = false;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                atMeasureStart.run();
            }
            if (now >= end) {
                break;
            }
            long due = rate > 0 ? start + issued * 1_000_000_000L / rate : now;
            if (due > now) {
                TimeUnit.NANOSECONDS.sleep(Math.min(due - now, 1_000_000));
                continue;
            }
            if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            issued++;
            send(due, due >= measureFrom).whenComplete((ok, failure) -> inFlight.release());
        }
        inFlight.acquire(rate > 0 ? concurrency * 16 : concurrency);
        return end - measureFrom;
    }

    private CompletableFuture<Boolean> send(long due, boolean measured) {
        long n = sequence.incrementAndGet();
        User sender = users.get((int) (n % users.size()));
        Chat chat = sender.chats().get((int) ((n / users.size()) % sender.chats().size()));
        String clientMessageId = "bench-" + n + "-" + UUID.randomUUID();
        Pending message = new Pending(chat, sender.index(), due, measured);
        pending.put(clientMessageId, message);
        expectedDeliveries.addAndGet(chat.members().length - 1);
        String body = "bench message " + n + " about the " + WORDS[(int) (n % WORDS.length)];
        HttpRequest request = json(sender.token(), "/messages/send",
                Map.of("conversationId", chat.conversationId(), "body", body, "clientMessageId", clientMessageId));
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            long micros = (System.nanoTime() - due) / 1000;
            if (failure != null || response.statusCode() != 201) {
                // a refused send reaches no one: it is not expected anywhere
                pending.remove(clientMessageId);
                expectedDeliveries.addAndGet(-(chat.members().length - 1));
                count("send", failure != null ? failure.getClass().getSimpleName() : String.valueOf(response.statusCode()));
                return false;
            }
            if (measured) {
                sendLatency.recordValue(Math.min(HIGHEST_MICROS, micros));
                measuredSends.incrementAndGet();
            }
            BenchCharts.Timeline timeline = sentPerSecond;
            if (timeline != null) {
                timeline.count(System.nanoTime());
            }
            return true;
        });
    }

    /** Waits until every accepted message reached every recipient, or nothing arrived for 30 s. */
    private boolean awaitDeliveries() throws InterruptedException {
        long last = -1;
        long quietSince = System.nanoTime();
        while (deliveries.sum() < expectedDeliveries.get()) {
            long now = deliveries.sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(30)) {
                System.out.printf("%d deliveries never arrived%n", expectedDeliveries.get() - now);
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** One read scenario for read-seconds, {@code read-concurrency} requests in flight, with background sends. */
    private Map<String, Object> readScenario(String scenario) throws Exception {
        ConcurrentHistogram latency = histogram();
        IntFunction<HttpRequest> requests = switch (scenario) {
            case "history" -> i -> {
                Chat chat = chats.get(ThreadLocalRandom.current().nextInt(chats.size()));
                User reader = users.get(chat.members()[i % chat.members().length]);
                String before = i % 2 == 0 ? "" : "&before=" + (1 + ThreadLocalRandom.current().nextInt(100));
                return get(reader.token(), "/messages/history?limit=50&conversation_id=" + chat.conversationId() + before);
            };
            case "inbox" -> i -> get(users.get(ThreadLocalRandom.current().nextInt(users.size())).token(), "/conversations?limit=20");
            default -> i -> get(users.get(ThreadLocalRandom.current().nextInt(users.size())).token(),
                    "/messages/search?limit=20&q=" + URLEncoder.encode(WORDS[i % WORDS.length], StandardCharsets.UTF_8));
        };
        Thread background = new Thread(() -> {
            try {
                sendLoad(settings.backgroundRate(), settings.concurrency(), 0, settings.readSeconds(), () -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "background-sends");
        if (settings.backgroundRate() > 0) {
            background.start();
        }
        Semaphore inFlight = new Semaphore(settings.readConcurrency());
        LongAdder failed = new LongAdder();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(settings.readSeconds());
        int i = 0;
        while (System.nanoTime() < end) {
            if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long sent = System.nanoTime();
            http.sendAsync(requests.apply(i++), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                inFlight.release();
                if (failure != null || response.statusCode() != 200) {
                    failed.increment();
                    count(scenario, failure != null ? failure.getClass().getSimpleName() : String.valueOf(response.statusCode()));
                    return;
                }
                latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000));
                done.incrementAndGet();
            });
        }
        inFlight.acquire(settings.readConcurrency());
        long elapsed = System.nanoTime() - start;
        background.join();
        return row(latency, done.get() / (elapsed / 1e9), failed.sum());
    }

    private static Map<String, Object> row(Histogram h, double throughput, long errors) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("count", h.getTotalCount());
        row.put("p50Ms", ms(h.getValueAtPercentile(50)));
        row.put("p90Ms", ms(h.getValueAtPercentile(90)));
        row.put("p99Ms", ms(h.getValueAtPercentile(99)));
        row.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        row.put("maxMs", ms(h.getMaxValue()));
        row.put("perSecond", Math.round(throughput));
        row.put("errors", errors);
        return row;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private long errorCount(String prefix) {
        return errors.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + " ")).mapToLong(e -> e.getValue().sum()).sum();
    }

    private void count(String what, String why) {
        errors.computeIfAbsent(what + " " + why, key -> new LongAdder()).increment();
    }

    private static ConcurrentHistogram histogram() {
        return new ConcurrentHistogram(HIGHEST_MICROS, 3);
    }

    private HttpRequest json(String token, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.base() + path))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return request.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest get(String token, String path) {
        return HttpRequest.newBuilder(URI.create(settings.base() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Accepts a message request; a gateway from before requests answers 404, and there is nothing to accept. */
    private void accept(String token, String conversationId) {
        try {
            int status = http.send(json(token, "/conversations/" + conversationId + "/accept", Map.of()), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 204 && status != 404) {
                throw new IllegalStateException("accepting " + conversationId + " answered " + status);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode post(String token, String path, Object body) {
        try {
            HttpResponse<String> response = http.send(json(token, path, body), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                throw new IllegalStateException(path + " was rate limited: start the system with limits above the benchmark, e.g. "
                        + "MESSENGER_LIMIT_SENDS=100000000 MESSENGER_LIMIT_SEARCHES=100000000 MESSENGER_LIMIT_LOGINS_PER_ADDRESS=100000000 MESSENGER_LIMIT_REGISTRATIONS_PER_ADDRESS=100000000 ops/messenger up");
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
