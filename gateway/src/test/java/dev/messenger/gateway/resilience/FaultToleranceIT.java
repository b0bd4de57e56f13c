package dev.messenger.gateway.resilience;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayProcess;
import dev.messenger.gateway.Operators;
import dev.messenger.gateway.ProcessStack;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load (50 users in direct chats and groups) through two packaged gateway nodes on engines of their own
 * ({@link ProcessStack}), while OpenSearch, Redis, Kafka and PostgreSQL are each killed (SIGKILL, as a crash), and the
 * MongoDB stand-in stopped ({@link #KILLED} says why), and started again in turn, and one node is killed with SIGKILL
 * and started again; {@value #STREAMS} users hold their event streams open through it all, reconnecting as clients do.
 * Every send that was acknowledged must then be in history exactly once, in every member's feed exactly once, in
 * search and on the Kafka topic, and in every held stream (exactly once unless the stream was told to re-sync); the
 * log and the read models must agree on the counts; no request may have had a 5xx other than a clear 503; and at
 * most {@value #MAX_REFUSED_PERCENT}% of sends may have been refused (while PostgreSQL is down, sends are 503).
 */
class FaultToleranceIT {

    private static final int USERS = 50;
    private static final int SENDERS = 8;
    /** Users whose event stream is held open through the faults. */
    private static final int STREAMS = 10;
    private static final int MESSAGES = 1_500;
    private static final Duration CATCH_UP = Duration.ofSeconds(240);
    private static final String ADMIN = "fault_admin";
    private static final String WORD = "faultload";
    /** PostgreSQL, which every send needs, is down for about 5 s of about 2 minutes of load. */
    static final int MAX_REFUSED_PERCENT = 15;
    /**
     * Engines crashed with SIGKILL; the MongoDB stand-in is stopped. Redis acknowledges writes it makes durable up to a
     * second later (its everysec AOF): a kill may lose them, which the gateway notices and repairs by rebuilding the
     * Redis projections (RedisLossRepair), so each feed still holds every message once when read from its start. The
     * stand-in's H2 store commits about once a second too, and nothing repairs that: a real MongoDB journals before
     * acknowledging, and the stand-in is for development only.
     */
    private static final java.util.Set<Engine> KILLED = java.util.Set.of(Engine.OPENSEARCH, Engine.REDIS, Engine.KAFKA, Engine.POSTGRES);
    /** Each sender's pause between sends: at most 40 sends/s, so that the capped attempts outlast the faults. */
    private static final long PACE_MILLIS = 200;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port = StackSettings.freePort();
    /** A second node on the same engines, serving throughout: half the senders and streams use it. */
    private final int secondPort = StackSettings.freePort();
    private LocalStack stack;
    private GatewayProcess gateway;
    private GatewayProcess second;

    record Conversation(String id, List<User> members) {
    }

    record Sent(String conversationId, String clientMessageId, String messageId, long seq, String senderId, String body) {
    }

    @Test
    void acknowledgedSendsSurviveEngineRestartsAndAKilledGateway() throws Exception {
        long began = System.nanoTime();
        Map<String, Long> phases = new java.util.LinkedHashMap<>();
        stack = ProcessStack.get();
        try {
            startGateway();
            second = startNode("gateway-2", secondPort);
            ApiClient api = new ApiClient(port);
            List<User> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                users.add(api.signUp("load" + i));
            }
            List<Conversation> conversations = new ArrayList<>();
            for (int i = 0; i + 1 < USERS; i += 2) {
                conversations.add(new Conversation(api.directChat(users.get(i), users.get(i + 1)), List.of(users.get(i), users.get(i + 1))));
            }
            for (int g = 0; g < 5; g++) {
                List<User> members = users.subList(g * 10, g * 10 + 10);
                String id = api.post(members.get(0), "/conversations", Map.of("type", "group", "title", "group " + g,
                        "participants", members.subList(1, 10).stream().map(User::userId).toList())).body().get("conversationId").asText();
                conversations.add(new Conversation(id, members));
            }
            for (Conversation c : conversations) {
                eventually(() -> api.get(c.members().get(c.members().size() - 1), "/conversations/" + c.id()).status() == 200, "visible");
            }

            // event streams held open through every fault by the first users, on both nodes, reconnecting as clients do
            List<HeldStream> streams = new ArrayList<>();
            ExecutorService streaming = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "held-stream");
                thread.setDaemon(true);
                return thread;
            });
            for (int i = 0; i < STREAMS; i++) {
                HeldStream stream = new HeldStream(users.get(i), i % 2 == 0 ? new int[] {port, secondPort} : new int[] {secondPort, port});
                streams.add(stream);
                streaming.execute(stream);
            }
            phases.put("set-up", seconds(began));
            // the load, and the faults meanwhile
            ConcurrentLinkedQueue<Sent> acknowledged = new ConcurrentLinkedQueue<>();
            Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
            AtomicLong unreachable = new AtomicLong();
            AtomicInteger attempts = new AtomicInteger();
            AtomicBoolean faultsDone = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
            List<String> faults = new ArrayList<>();
            Future<?> faulting = pool.submit(() -> {
                try {
                    Thread.sleep(1_000);
                    for (Engine engine : List.of(Engine.OPENSEARCH, Engine.REDIS, Engine.KAFKA, Engine.MONGODB, Engine.POSTGRES)) {
                        if (KILLED.contains(engine)) {
                            stack.killEngine(engine); // SIGKILL: no clean shutdown, no flush
                            faults.add("killed " + engine);
                        } else {
                            stack.stopEngine(engine);
                            faults.add("stopped " + engine);
                        }
                        Thread.sleep(5_000);
                        stack.startEngine(engine);
                        faults.add("started " + engine);
                        Thread.sleep(1_000);
                    }
                    gateway.kill(); // SIGKILL
                    faults.add("killed the gateway");
                    startGateway();
                    faults.add("started the gateway");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    faultsDone.set(true);
                }
                return null;
            });
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; !faultsDone.get() || attempts.get() < MESSAGES; i++) {
                        if (attempts.incrementAndGet() > MESSAGES * 3) {
                            break; // bounded, whatever happens
                        }
                        Conversation c = conversations.get(random.nextInt(conversations.size()));
                        User sender = c.members().get(random.nextInt(c.members().size()));
                        String clientMessageId = "t" + thread + "-" + i;
                        String body = WORD + " " + clientMessageId;
                        send(thread % 2 == 0 ? port : secondPort, c.id(), sender, clientMessageId, body, acknowledged, refusals, unreachable);
                        sleep(PACE_MILLIS); // paced, so that the load lasts through every fault instead of ending before the last
                    }
                    return null;
                }));
            }
            faulting.get(10, TimeUnit.MINUTES);
            for (Future<?> sender : senders) {
                sender.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            phases.put("load and faults", seconds(began));

            // every projection caught up with the log
            User admin = signUpAdmin(api);
            eventually(() -> {
                JsonNode projections = api.get(admin, "/admin/projections").body().get("projections");
                for (JsonNode p : projections) {
                    if (p.get("lag").asLong() != 0) {
                        return false;
                    }
                }
                return projections.size() > 0;
            }, "every projection caught up", CATCH_UP);
            phases.put("caught up", seconds(began));

            Map<String, List<Sent>> byConversation = new HashMap<>();
            for (Sent s : acknowledged) {
                byConversation.computeIfAbsent(s.conversationId(), k -> new ArrayList<>()).add(s);
            }
            Map<String, Long> inLog = messagesInTheLog();

            // history: every acknowledged message exactly once, seqs 1..n without gaps, as many as the log has
            Map<String, List<JsonNode>> histories = new HashMap<>();
            for (Conversation c : conversations) {
                List<JsonNode> history = history(api, c);
                histories.put(c.id(), history);
                for (int i = 0; i < history.size(); i++) {
                    assertThat(history.get(i).get("seq").asLong()).isEqualTo(i + 1);
                }
                if (history.size() != inLog.getOrDefault(c.id(), 0L)) {
                    diagnose(c, history);
                }
                assertThat((long) history.size()).as("history of " + c.id() + " against the log").isEqualTo(inLog.getOrDefault(c.id(), 0L));
                Map<String, Long> counts = new HashMap<>();
                history.forEach(m -> counts.merge(m.get("messageId").asText(), 1L, Long::sum));
                for (Sent s : byConversation.getOrDefault(c.id(), List.of())) {
                    assertThat(counts.get(s.messageId())).as("acknowledged " + s.clientMessageId() + " in history once").isEqualTo(1L);
                }
            }

            // each member's feed: every message of their conversations exactly once
            Map<String, List<Conversation>> conversationsOf = new HashMap<>();
            for (Conversation c : conversations) {
                c.members().forEach(m -> conversationsOf.computeIfAbsent(m.userId(), k -> new ArrayList<>()).add(c));
            }
            for (User user : users) {
                Map<String, Long> delivered = feedMessages(api, user);
                for (Conversation c : conversationsOf.get(user.userId())) {
                    for (JsonNode m : histories.get(c.id())) {
                        assertThat(delivered.get(m.get("messageId").asText())).as("message " + m.get("messageId") + " in the feed of "
                                + user.username() + " once").isEqualTo(1L);
                    }
                }
            }

            // search finds each conversation's messages; unread counts are the messages from others (nobody read)
            for (Conversation c : conversations) {
                User member = c.members().get(0);
                eventually(() -> searchHits(api, member, c.id()) == histories.get(c.id()).size(), "search of " + c.id(), CATCH_UP);
                for (User m : c.members()) {
                    long fromOthers = histories.get(c.id()).stream().filter(h -> !h.get("senderId").asText().equals(m.userId())).count();
                    assertThat(unread(api, m, c.id())).as("unread of " + m.username() + " in " + c.id()).isEqualTo(fromOthers);
                }
            }

            // each held stream got every message of its user's conversations: exactly once, unless it was told to re-sync
            for (HeldStream stream : streams) {
                List<String> expected = conversationsOf.get(stream.user.userId()).stream()
                        .flatMap(c -> histories.get(c.id()).stream()).map(m -> m.get("messageId").asText()).toList();
                eventually(() -> stream.messages.keySet().containsAll(expected), "the stream of " + stream.user.username()
                        + " received every message (" + stream.messages.size() + " of " + expected.size() + ", reconnects "
                        + stream.reconnects + ", resets " + stream.resets + ")", Duration.ofSeconds(60));
                if (stream.resets.get() == 0) {
                    assertThat(stream.messages.entrySet()).as("the stream of " + stream.user.username() + " without a reset")
                            .allMatch(e -> e.getValue() == 1);
                }
            }
            streams.forEach(HeldStream::stop);
            streaming.shutdownNow();
            phases.put("checked", seconds(began));
            long serverErrors = refusals.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                    .mapToLong(e -> e.getValue().get()).sum();
            String report = "attempted " + Math.min(attempts.get(), MESSAGES * 3) + ", acknowledged " + acknowledged.size()
                    + ", refused " + refusals + ", unreachable (retried) " + unreachable.get() + ", found in history "
                    + histories.values().stream().mapToInt(List::size).sum() + ", streams (reconnects/resets) "
                    + streams.stream().map(st -> st.reconnects + "/" + st.resets).toList() + ", faults " + faults
                    + ", seconds since start " + phases;
            System.out.println("FAULT LOAD: " + report);
            Files.writeString(Path.of("target", "fault-load.txt"), report + System.lineSeparator());
            if (serverErrors > 0) {
                Path log = dir.resolve("gateway").resolve("gateway.log");
                Files.copy(log, Path.of("target", "fault-gateway.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(serverErrors).as(report + " (the gateway's log: target/fault-gateway.log)").isZero();
            assertThat(refusals.keySet()).as(report).allMatch(status -> status == 503 || status == 429);
            assertThat(acknowledged.size()).as(report).isGreaterThanOrEqualTo(MESSAGES / 2);
            long refused = refusals.values().stream().mapToLong(AtomicInteger::get).sum();
            assertThat(refused * 100).as("refused share: " + report).isLessThanOrEqualTo((long) MAX_REFUSED_PERCENT * Math.min(attempts.get(), MESSAGES * 3));

            // the published log: every acknowledged message on the events topic (at least once; consumers de-duplicate)
            java.util.Set<String> published = publishedMessageIds(acknowledged.size());
            assertThat(acknowledged.stream().map(Sent::messageId).filter(id -> !published.contains(id)).toList())
                    .as("acknowledged messages missing from Kafka").isEmpty();
        } finally {
            if (gateway != null) {
                gateway.stop();
            }
            if (second != null) {
                second.stop();
            }
            for (Engine engine : Engine.values()) {
                stack.startEngine(engine); // whatever a failure left stopped, for the next test on these engines
            }
        }
    }

    /**
     * One send, retried with the same clientMessageId while the gateway cannot be reached (the first attempt may
     * have been recorded: the retry then returns it, 200, and appends nothing). A clear refusal is counted, not retried.
     */
    private void send(int nodePort, String conversationId, User sender, String clientMessageId, String body, ConcurrentLinkedQueue<Sent> acknowledged,
                      Map<Integer, AtomicInteger> refusals, AtomicLong unreachable) {
        String json = "{\"conversationId\":\"" + conversationId + "\",\"body\":\"" + body + "\",\"clientMessageId\":\"" + clientMessageId + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + nodePort + "/messages/send"))
                        .timeout(Duration.ofSeconds(15)).header("Authorization", sender.bearer()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    JsonNode sent = ApiClient.json(response.body());
                    acknowledged.add(new Sent(conversationId, clientMessageId, sent.get("messageId").asText(), sent.get("seq").asLong(),
                            sender.userId(), body));
                } else {
                    refusals.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                }
                return;
            } catch (IOException e) {
                unreachable.incrementAndGet(); // the gateway is down or restarting
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Message ids of the MessageSent records on the events topic, read until at least {@code expected} were seen or a minute passed. */
    private java.util.Set<String> publishedMessageIds(int expected) {
        java.util.Properties config = new java.util.Properties();
        config.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.url(Engine.KAFKA));
        config.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "fault-" + java.util.UUID.randomUUID());
        config.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of("messenger.events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (ids.size() < expected || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(1000));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (var record : records) {
                    var type = record.headers().lastHeader("type");
                    if (type != null && "MessageSent".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        JsonNode value = ApiClient.json(new String(record.value(), StandardCharsets.UTF_8));
                        ids.add(value.path("messageId").asText());
                    }
                }
            }
        }
        return ids;
    }

    private List<JsonNode> history(ApiClient api, Conversation c) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get(c.members().get(0), "/messages/history?conversation_id=" + c.id() + "&after=" + after + "&limit=200").body();
            page.get("messages").forEach(all::add);
            if (page.get("next").isNull() || page.get("messages").isEmpty()) {
                return all;
            }
            after = page.get("next").asLong();
        }
    }

    private Map<String, Long> feedMessages(ApiClient api, User user) {
        Map<String, Long> counts = new HashMap<>();
        long since = 0;
        while (true) {
            JsonNode page = api.get(user, "/sync?since=" + since + "&limit=1000").body();
            for (JsonNode event : page.get("events")) {
                assertThat(event.get("event").asText()).as("no feed.reset").isNotEqualTo("feed.reset");
                if (event.get("event").asText().equals("message.sent")) {
                    counts.merge(event.get("data").get("messageId").asText(), 1L, Long::sum);
                }
            }
            if (page.get("events").isEmpty()) {
                return counts;
            }
            since = page.get("next").asLong();
        }
    }

    private int searchHits(ApiClient api, User member, String conversationId) {
        int hits = 0;
        String cursor = null;
        do {
            JsonNode page = api.get(member, "/messages/search?q=" + WORD + "&conversation_id=" + conversationId + "&limit=50"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))).body();
            if (page.get("hits") == null) {
                return -1; // not answering yet
            }
            hits += page.get("hits").size();
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return hits;
    }

    private long unread(ApiClient api, User user, String conversationId) {
        String before = null;
        do {
            JsonNode page = api.get(user, "/conversations?limit=100" + (before == null ? "" : "&before=" + URLEncoder.encode(before,
                    StandardCharsets.UTF_8))).body();
            for (JsonNode c : page.get("conversations")) {
                if (c.get("conversationId").asText().equals(conversationId)) {
                    return c.get("unreadCount").asLong();
                }
            }
            before = page.get("next").isNull() ? null : page.get("next").asText();
        } while (before != null);
        throw new AssertionError(conversationId + " not in the inbox of " + user.username());
    }

    /** MessageSent events per conversation, counted in the event log itself. */
    /** What differs between a conversation's history and its events in the log, with the gateway's log, into target/. */
    private void diagnose(Conversation c, List<JsonNode> history) throws Exception {
        StringBuilder text = new StringBuilder("conversation " + c.id() + "\nhistory:\n");
        history.forEach(m -> text.append(m.get("seq").asLong()).append(' ').append(m.get("messageId").asText()).append('\n'));
        text.append("log:\n");
        try (Connection db = DriverManager.getConnection(stack.url(Engine.POSTGRES));
             var statement = db.prepareStatement("SELECT globalindex, sequencenumber, payloadtype, convert_from(payload, 'UTF8') FROM domainevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            statement.setString(1, c.id());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String payload = rows.getString(4);
                    text.append(rows.getLong(1)).append(' ').append(rows.getLong(2)).append(' ').append(rows.getString(3)).append(' ')
                            .append(payload.length() > 160 ? payload.substring(0, 160) : payload).append('\n');
                }
            }
        }
        Files.writeString(Path.of("target", "fault-mismatch.txt"), text);
        Path log = dir.resolve("gateway").resolve("gateway.log");
        if (Files.exists(log)) {
            Files.copy(log, Path.of("target", "fault-gateway.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Map<String, Long> messagesInTheLog() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(stack.url(Engine.POSTGRES));
             ResultSet rows = db.createStatement().executeQuery("SELECT aggregateidentifier, count(*) FROM domainevententry "
                     + "WHERE payloadtype LIKE '%MessageSent' GROUP BY aggregateidentifier")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private User signUpAdmin(ApiClient api) {
        return Operators.admin(api, stack.gatewayEnvironment().get("DATABASE_URL"), ADMIN);
    }

    private void startGateway() throws Exception {
        gateway = startNode("gateway", port);
    }

    private GatewayProcess startNode(String name, int nodePort) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve(name));
        Map<String, String> environment = new HashMap<>(stack.gatewayEnvironment());
        environment.put("MESSENGER_DATA_DIR", nodeDir.toString()); // the signing key survives the restart
        // one node: it should not count in the node registry of a later test on the same engines
        environment.put("MESSENGER_PROCESSOR_BALANCING", "false");
        for (String limit : List.of("SENDS", "SEARCHES", "LOGINS_PER_USERNAME", "LOGINS_PER_ADDRESS", "REGISTRATIONS_PER_ADDRESS")) {
            environment.put("MESSENGER_LIMIT_" + limit, "100000000");
        }
        return GatewayProcess.start("-Xmx512m", nodePort, nodeDir.resolve("gateway.log"), environment).awaitReady(Duration.ofSeconds(180));
    }

    /**
     * One user's {@code /events}, held open and reopened with {@code Last-Event-ID} whenever it ends (a node killed or
     * restarted, Redis gone), on the other node first, as a load balancer would. Counts each message it receives.
     */
    private final class HeldStream implements Runnable {
        final User user;
        final int[] ports;
        final Map<String, Integer> messages = new ConcurrentHashMap<>();
        final AtomicInteger resets = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        private volatile boolean stopped;
        private volatile java.util.stream.Stream<String> open;
        private String lastId;

        HeldStream(User user, int[] ports) {
            this.user = user;
            this.ports = ports;
        }

        @Override
        public void run() {
            for (int attempt = 0; !stopped; attempt++) {
                // the first connection asks for the feed from its start: without a position a stream begins at the head, and the
                // load may begin before this thread has connected (a message sent meanwhile would never be streamed)
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + ports[attempt % ports.length] + "/events"
                                + (lastId == null ? "?since=0" : "")))
                        .header("Authorization", user.bearer()).header("Accept", "text/event-stream");
                if (lastId != null) {
                    request.header("Last-Event-ID", lastId);
                }
                try {
                    HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                    open = response.body();
                    if (response.statusCode() == 200) {
                        read(response.body().iterator());
                    }
                    response.body().close();
                } catch (IOException | RuntimeException e) {
                    // the node went away mid-stream, or refused the connection: reconnect
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopped) {
                    reconnects.incrementAndGet();
                    sleep(300);
                }
            }
        }

        private void read(java.util.Iterator<String> lines) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            while (!stopped && lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (event != null) {
                        received(id, event, data.toString());
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }

        private void received(String id, String event, String data) {
            if (id != null) {
                lastId = id;
            }
            if (event.equals("feed.reset")) {
                resets.incrementAndGet();
                lastId = String.valueOf(ApiClient.json(data).get("resumeAfter").asLong()); // where the feed goes on
            } else if (event.equals("message.sent")) {
                messages.merge(ApiClient.json(data).get("messageId").asText(), 1, Integer::sum);
            }
        }

        void stop() {
            stopped = true;
            java.util.stream.Stream<String> stream = open;
            if (stream != null) {
                stream.close();
            }
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
