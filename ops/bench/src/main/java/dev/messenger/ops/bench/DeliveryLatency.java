package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Delivery latency of a running system: two fresh users in a direct chat, the recipient on
 * {@code GET /events}, the sender sending one message after another. For each message it measures
 * the time from {@code POST /messages/send} returning to the SSE event arriving at the recipient
 * (0 when the event arrived before the response), and the send latency itself.
 *
 * <p>{@code ops/messenger latency [messages] [baseUrl]}
 */
public final class DeliveryLatency {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryLatency() {
    }

    /** The command line of {@code ops/messenger latency}. */
    static picocli.CommandLine.Model.CommandSpec spec() {
        picocli.CommandLine.Model.CommandSpec spec = dev.messenger.ops.cli.Cli.command("latency",
                "Delivery latency of N messages between two new users on a running system: send to delivery on the other's stream.");
        spec.addPositional(dev.messenger.ops.cli.Cli.positional(0, "N", int.class, "1000", "messages, one at a time"));
        spec.addPositional(dev.messenger.ops.cli.Cli.positional(1, "URL", String.class, "http://localhost:8080", "the gateway"));
        return spec;
    }

    public static void main(String[] args) throws Exception {
        picocli.CommandLine.Model.CommandSpec spec = spec();
        dev.messenger.ops.cli.Cli.parseOrExit(spec, args);
        int messages = dev.messenger.ops.cli.Cli.value(spec, 0);
        String base = dev.messenger.ops.cli.Cli.value(spec, 1);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String[] alice = signUp(http, base, "alice");
        String[] bob = signUp(http, base, "bob");
        JsonNode conversation = post(http, base, alice[1], "/conversations",
                Map.of("type", "direct", "participants", new String[] {bob[0]}));
        String conversationId = conversation.get("conversationId").asText();

        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        CountDownLatch connected = new CountDownLatch(1);
        Thread reader = new Thread(() -> readEvents(http, base, bob[1], arrivals, connected), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        connected.await(10, TimeUnit.SECONDS);

        Histogram delivery = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram send = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, Long> returned = new ConcurrentHashMap<>();
        int early = 0;
        for (int i = 0; i < messages; i++) {
            long start = System.nanoTime();
            JsonNode sent = post(http, base, alice[1], "/messages/send",
                    Map.of("conversationId", conversationId, "body", "latency probe " + i));
            long end = System.nanoTime();
            send.recordValue((end - start) / 1000);
            returned.put(sent.get("messageId").asText(), end);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (arrivals.size() < messages && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (Map.Entry<String, Long> entry : returned.entrySet()) {
            Long arrived = arrivals.get(entry.getKey());
            if (arrived != null) {
                long micros = (arrived - entry.getValue()) / 1000;
                if (micros < 0) {
                    early++;
                }
                delivery.recordValue(Math.max(0, micros));
            }
        }
        System.out.printf("messages sent: %d, delivered on /events: %d (%d arrived before the send response)%n",
                messages, arrivals.size(), early);
        print("send (request to 201)", send);
        print("delivery (201 to SSE event)", delivery);
        if (arrivals.size() < messages) {
            System.exit(1);
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%-30s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", what,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static void readEvents(HttpClient http, String base, String token, Map<String, Long> arrivals, CountDownLatch connected) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            connected.countDown();
            SseParser parser = new SseParser();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    long now = System.nanoTime();
                    var event = parser.accept(line);
                    if (event.isPresent() && "message.sent".equals(event.get().type())) {
                        arrivals.putIfAbsent(JSON.readTree(event.get().data()).get("messageId").asText(), now);
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("event stream ended: " + e);
        }
    }

    private static String[] signUp(HttpClient http, String base, String prefix) throws Exception {
        String username = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode user = post(http, base, null, "/auth/register",
                Map.of("username", username, "password", "latency-probe", "displayName", prefix));
        JsonNode token = post(http, base, null, "/auth/token", Map.of("username", username, "password", "latency-probe"));
        return new String[] {user.get("userId").asText(), token.get("access_token").asText()};
    }

    private static JsonNode post(HttpClient http, String base, String token, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 429) {
            throw new IllegalStateException(path + " was rate limited: start the system with higher limits for a benchmark, "
                    + "e.g. MESSENGER_LIMIT_SENDS=1000000 ops/messenger up");
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
