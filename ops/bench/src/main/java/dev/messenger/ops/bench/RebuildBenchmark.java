package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuild throughput of each projection on a running system: one at a time, with every other projection
 * paused, it rebuilds the projection and times it until it has replayed the whole log and caught up
 * again. Events per second = the log's length / that time. The others need not have caught up first, so a
 * freshly generated log is measured without first projecting it nine times over: fill the log
 * ({@code ops/messenger generate-log N}, best with every projection paused) and run this. At the end the
 * projections that were running at the start run again.
 *
 * <p>{@code ops/messenger bench-rebuild [NAME...]} (all projections by default; MESSENGER_ADMIN_USER /
 * MESSENGER_ADMIN_PASSWORD, MESSENGER_URL as for {@code ops/messenger projections}).
 */
public final class RebuildBenchmark {

    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(10);

    private RebuildBenchmark() {
    }

    /** The command line of {@code ops/messenger bench-rebuild}. */
    static picocli.CommandLine.Model.CommandSpec spec() {
        picocli.CommandLine.Model.CommandSpec spec = dev.messenger.ops.cli.Cli.command("bench-rebuild",
                "Rebuild each projection of a running system in turn, the others paused, and report events/s "
                        + "(MESSENGER_ADMIN_USER, MESSENGER_ADMIN_PASSWORD, MESSENGER_URL).");
        spec.addPositional(picocli.CommandLine.Model.PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel("NAME")
                .type(List.class).auxiliaryTypes(String.class).description("projections (default: all)").build());
        return spec;
    }

    public static void main(String[] args) throws Exception {
        picocli.CommandLine.Model.CommandSpec spec = spec();
        dev.messenger.ops.cli.Cli.parseOrExit(spec, args);
        List<String> asked = spec.positionalParameters().get(0).getValue();
        String base = System.getenv().getOrDefault("MESSENGER_URL", "http://localhost:8080");
        HttpClient http = HttpClient.newHttpClient();
        String token = AdminCli.signIn(http, base);
        long signedIn = System.nanoTime();
        List<String> names = new ArrayList<>(asked == null ? List.of() : asked);
        if (names.isEmpty()) {
            for (JsonNode p : AdminCli.list(http, base, token)) {
                names.add(p.get("name").asText());
            }
            names.remove("kafka-publisher"); // it does not replay
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", the whole local stack and the gateway on it");
        Map<String, Object> projections = new LinkedHashMap<>();
        List<String> running = new ArrayList<>();
        for (JsonNode p : AdminCli.list(http, base, token)) {
            if (!p.path("paused").asBoolean()) {
                running.add(p.get("name").asText());
            }
        }
        long logLength = 0;
        for (String name : names) {
            for (JsonNode p : AdminCli.list(http, base, token)) {
                String other = p.get("name").asText();
                if (!other.equals(name) && !p.path("paused").asBoolean()) {
                    AdminCli.control(http, base, token, other, "pause");
                }
            }
            JsonNode before = AdminCli.find(AdminCli.list(http, base, token), name);
            logLength = before.get("position").asLong() + before.get("lag").asLong();
            HttpResponse<String> started = http.send(AdminCli.request(base + "/admin/projections/" + name + "/rebuild", token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException("rebuild of " + name + " refused: " + started.statusCode());
            }
            long start = System.nanoTime();
            while (true) {
                Thread.sleep(250);
                if (System.nanoTime() - signedIn > TOKEN_RENEWAL.toNanos()) {
                    token = AdminCli.signIn(http, base); // a rebuild of a large log outlasts an access token
                    signedIn = System.nanoTime();
                }
                JsonNode p = AdminCli.find(AdminCli.list(http, base, token), name);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("\r%-10s %,d of %,d (%,.0f events/s)   ", name, p.get("position").asLong(), logLength,
                        p.get("position").asLong() / seconds);
                if (!p.get("replaying").asBoolean() && p.get("lag").asLong() == 0 && p.get("status").asText().equals("running")) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.println();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("seconds", Math.round(seconds * 10) / 10.0);
            result.put("eventsPerSecond", Math.round(logLength / seconds));
            projections.put(name, result);
            AdminCli.control(http, base, token, name, "pause");
        }
        for (String name : running) {
            AdminCli.control(http, base, token, name, "resume");
        }
        results.put("machine", results.get("machine") + "; each projection rebuilt alone, the others paused");
        results.put("logLength", logLength);
        results.put("rebuild", projections);
        BenchResults.write("rebuild", results);
    }
}
