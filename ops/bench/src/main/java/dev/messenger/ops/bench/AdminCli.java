package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code ops/messenger projections}, {@code rebuild NAME}, {@code pause}/{@code resume} and {@code dead-letters}
 * against a running system.
 * Signs in with MESSENGER_ADMIN_USER / MESSENGER_ADMIN_PASSWORD (asked for when unset); MESSENGER_URL
 * (default http://localhost:8080) says where.
 */
public final class AdminCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCli() {
    }

    public static void main(String[] args) throws Exception {
        String base = System.getenv().getOrDefault("MESSENGER_URL", "http://localhost:8080");
        HttpClient http = HttpClient.newHttpClient();
        String token = signIn(http, base);
        if (args.length == 0 || args[0].equals("projections")) {
            printTable(list(http, base, token));
        } else if (args[0].equals("rebuild") && args.length == 2) {
            rebuild(http, base, token, args[1]);
        } else if ((args[0].equals("pause") || args[0].equals("resume")) && args.length >= 2) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(args[i] + ": " + control(http, base, token, args[i], args[0]));
            }
        } else if (args[0].equals("dead-letters")) {
            deadLetters(http, base, token, java.util.Arrays.copyOfRange(args, 1, args.length));
        } else if (args[0].equals("reports") && args.length <= 2) {
            reports(http, base, token, args.length == 2 ? Integer.parseInt(args[1]) : 50);
        } else {
            System.err.println("usage: projections | rebuild NAME | pause NAME... | resume NAME... "
                    + "| dead-letters [retry NAME [SEQUENCE] | drop NAME SEQUENCE] | reports [N]");
            System.exit(2);
        }
    }

    /** POST /admin/projections/NAME/pause or /resume; the status it answers, or exits on a refusal. */
    static String control(HttpClient http, String base, String token, String name, String action) throws Exception {
        HttpResponse<String> answer = http.send(request(base + "/admin/projections/" + name + "/" + action, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(action + " of " + name + " refused (" + answer.statusCode() + "): " + answer.body());
        }
        return JSON.readTree(answer.body()).get("status").asText();
    }

    /** Lists parked events, or retries (all of a projection's, or one sequence) or drops one sequence. */
    private static void deadLetters(HttpClient http, String base, String token, String[] args) throws Exception {
        if (args.length == 0) {
            HttpResponse<String> response = http.send(request(base + "/admin/dead-letters", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            require(response, 200, "listing");
            JsonNode sequences = JSON.readTree(response.body()).get("sequences");
            if (sequences.isEmpty()) {
                System.out.println("no parked events");
                return;
            }
            System.out.printf("%-15s %-42s %7s %-25s %s%n", "PROJECTION", "SEQUENCE", "EVENTS", "FIRST PARKED", "CAUSE");
            for (JsonNode s : sequences) {
                System.out.printf("%-15s %-42s %7d %-25s %s%n", s.get("projection").asText(), s.get("sequence").asText(),
                        s.get("events").asLong(), s.get("firstParkedAt").asText(), s.get("cause").asText());
            }
        } else if (args[0].equals("retry") && (args.length == 2 || args.length == 3)) {
            String url = base + "/admin/dead-letters/" + args[1] + "/retry"
                    + (args.length == 3 ? "?sequence=" + java.net.URLEncoder.encode(args[2], java.nio.charset.StandardCharsets.UTF_8) : "");
            HttpResponse<String> response = http.send(request(url, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            require(response, 200, "retry");
            JsonNode result = JSON.readTree(response.body());
            System.out.println(args[1] + ": " + result.get("retried").asInt() + " sequence(s) applied, "
                    + result.get("stillParked").asInt() + " still parked");
        } else if (args[0].equals("drop") && args.length == 3) {
            String url = base + "/admin/dead-letters/" + args[1] + "?sequence="
                    + java.net.URLEncoder.encode(args[2], java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> response = http.send(request(url, token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            require(response, 200, "drop");
            System.out.println(args[1] + " " + args[2] + ": " + JSON.readTree(response.body()).get("dropped").asInt() + " event(s) dropped");
        } else {
            System.err.println("usage: dead-letters [retry NAME [SEQUENCE] | drop NAME SEQUENCE]");
            System.exit(2);
        }
    }

    /** The newest reports, as a table; the evidence (the message's text when reported) shortened to a line. */
    private static void reports(HttpClient http, String base, String token, int limit) throws Exception {
        HttpResponse<String> response = http.send(request(base + "/admin/reports?limit=" + Math.max(1, Math.min(limit, 100)), token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        require(response, 200, "reports");
        JsonNode reports = JSON.readTree(response.body()).get("reports");
        if (reports.isEmpty()) {
            System.out.println("no reports");
            return;
        }
        System.out.printf("%-25s %-40s %-40s %-40s %-20s %s%n", "REPORTED AT", "CONVERSATION", "REPORTED USER", "REPORTER", "REASON", "EVIDENCE");
        for (JsonNode r : reports) {
            String evidence = r.path("evidence").isNull() ? "" : r.get("evidence").asText().replaceAll("\\s+", " ");
            System.out.printf("%-25s %-40s %-40s %-40s %-20s %s%n", r.get("reportedAt").asText(), r.get("conversationId").asText(),
                    r.path("reportedUserId").isNull() ? "-" : r.get("reportedUserId").asText(), r.get("reporterId").asText(),
                    shorten(r.get("reason").asText(), 20), shorten(evidence, 60));
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void require(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " refused (" + response.statusCode() + "): " + response.body());
        }
    }

    private static void printTable(JsonNode projections) {
        System.out.printf("%-15s %-9s %12s %10s %-10s %s%n", "NAME", "STATUS", "POSITION", "LAG", "REPLAYING", "PROGRESS");
        for (JsonNode p : projections) {
            String status = p.path("paused").asBoolean() ? "paused" : p.get("status").asText();
            System.out.printf("%-15s %-9s %12d %10d %-10s %s%n", p.get("name").asText(), status,
                    p.get("position").asLong(), p.get("lag").asLong(), p.get("replaying").asBoolean(),
                    p.get("progress").isNull() ? "" : p.get("progress").asInt() + " %");
        }
    }

    private static void rebuild(HttpClient http, String base, String token, String name) throws Exception {
        HttpResponse<String> started = http.send(request(base + "/admin/projections/" + name + "/rebuild", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("rebuild refused (" + started.statusCode() + "): " + started.body());
            System.exit(1);
        }
        long startedAt = System.nanoTime();
        long signedIn = startedAt;
        long startPosition = -1;
        while (true) {
            if (System.nanoTime() - signedIn > java.util.concurrent.TimeUnit.MINUTES.toNanos(10)) {
                token = signIn(http, base); // a rebuild of a large log outlasts an access token
                signedIn = System.nanoTime();
            }
            JsonNode p = find(list(http, base, token), name);
            long position = p.get("position").asLong();
            long lag = p.get("lag").asLong();
            if (startPosition < 0) {
                startPosition = position;
            }
            double seconds = Math.max(0.001, (System.nanoTime() - startedAt) / 1e9);
            double rate = (position - startPosition) / seconds;
            long total = position + lag;
            int width = 40;
            int done = total == 0 ? width : (int) (width * position / total);
            String eta = rate > 0 ? String.format("%.0f s left", lag / rate) : "";
            System.out.printf("\r%s [%s%s] %d/%d events, %.0f events/s %s   ", name, "#".repeat(done), ".".repeat(width - done),
                    position, total, rate, eta);
            if (!p.get("replaying").asBoolean() && lag == 0) {
                System.out.printf("%ncaught up after %.1f s%n", seconds);
                return;
            }
            Thread.sleep(500);
        }
    }

    static JsonNode find(JsonNode projections, String name) {
        for (JsonNode p : projections) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("no projection named " + name);
    }

    static JsonNode list(HttpClient http, String base, String token) throws Exception {
        HttpResponse<String> response = http.send(request(base + "/admin/projections", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("listing refused (" + response.statusCode() + "): " + response.body());
        }
        return JSON.readTree(response.body()).get("projections");
    }

    static String signIn(HttpClient http, String base) throws Exception {
        Console console = System.console();
        String user = System.getenv("MESSENGER_ADMIN_USER");
        if (user == null && console != null) {
            user = console.readLine("admin username: ");
        }
        String password = System.getenv("MESSENGER_ADMIN_PASSWORD");
        if (password == null && console != null) {
            password = new String(console.readPassword("password: "));
        }
        if (user == null || password == null) {
            throw new IllegalStateException("set MESSENGER_ADMIN_USER and MESSENGER_ADMIN_PASSWORD");
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", user, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed (" + response.statusCode() + ")");
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }
}
