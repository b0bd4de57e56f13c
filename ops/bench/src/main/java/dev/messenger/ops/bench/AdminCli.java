package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import dev.messenger.ops.cli.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops/messenger projections}, {@code rebuild NAME}, {@code pause}/{@code resume}, {@code dead-letters} and
 * {@code reports} against a running system, as picocli subcommands: {@code --help} on each, unknown options and
 * arguments refused (exit 2) before anything is asked of the server.
 * Signs in with MESSENGER_ADMIN_USER / MESSENGER_ADMIN_PASSWORD (asked for when unset); MESSENGER_URL
 * (default http://localhost:8080) says where.
 */
@Command(name = "messenger", mixinStandardHelpOptions = true, version = "messenger operators' commands",
        description = "Operate a running messenger: its projections, dead letters and reports.",
        subcommands = {AdminCli.Projections.class, AdminCli.Rebuild.class, AdminCli.Pause.class, AdminCli.Resume.class,
                AdminCli.DeadLetters.class, AdminCli.Reports.class, AdminCli.ExportUser.class, CommandLine.HelpCommand.class})
public final class AdminCli implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base = System.getenv().getOrDefault("MESSENGER_URL", "http://localhost:8080");
    private String token;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its errors (a refused request, an unreachable server) printed as one line, not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new AdminCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
    }

    /** Without a subcommand: what there is, and exit 2 (nothing was asked). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Signs in once, when a subcommand first needs the server. */
    private String token() throws Exception {
        if (token == null) {
            token = signIn(http, base);
        }
        return token;
    }

    @Command(name = "projections", mixinStandardHelpOptions = true,
            description = "Each projection: status, position in the log, lag, whether it is replaying and how far.")
    static final class Projections implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;

        @Override
        public Integer call() throws Exception {
            printTable(list(admin.http, admin.base, admin.token()));
            return 0;
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild a projection from the event log while the system runs, with progress until it has caught up.")
    static final class Rebuild implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;
        @Parameters(paramLabel = "NAME", description = "the projection (see: projections)")
        String name;

        @Override
        public Integer call() throws Exception {
            return rebuild(admin.http, admin.base, admin.token(), name);
        }
    }

    @Command(name = "export-user", mixinStandardHelpOptions = true,
            description = {"An account's personal export (what it saw and did, from the event log, with its files), as a zip.",
                    "The same export the user gets from POST /users/me/export; built by the gateways, downloaded here."})
    static final class ExportUser implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;
        @Parameters(paramLabel = "USERNAME", description = "the account")
        String username;
        @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "where to write the zip (default: messenger-export-USERNAME.zip)")
        java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            return exportUser(admin.http, admin.base, admin.token(), username,
                    out == null ? java.nio.file.Path.of("messenger-export-" + username + ".zip") : out);
        }
    }

    /** Pause or resume projections on every node: the same request but for its last word. */
    abstract static class Control implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the projections")
        List<String> names;

        abstract String action();

        @Override
        public Integer call() throws Exception {
            for (String name : names) {
                System.out.println(name + ": " + control(admin.http, admin.base, admin.token(), name, action()));
            }
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop projections on every node; each keeps its position and resumes from it.")
    static final class Pause extends Control {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Start paused projections again.")
    static final class Resume extends Control {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "Events a projection could not apply, parked by sequence (a conversation): list them (no subcommand), "
                    + "retry them, or give one up.",
            subcommands = {DeadLetters.Retry.class, DeadLetters.Drop.class})
    static final class DeadLetters implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;

        @Override
        public Integer call() throws Exception {
            listDeadLetters(admin.http, admin.base, admin.token());
            return 0;
        }

        @Command(name = "retry", mixinStandardHelpOptions = true,
                description = "Apply a projection's parked events again: all of its sequences, or one.")
        static final class Retry implements Callable<Integer> {
            @ParentCommand
            DeadLetters deadLetters;
            @Parameters(index = "0", paramLabel = "NAME", description = "the projection")
            String name;
            @Parameters(index = "1", arity = "0..1", paramLabel = "SEQUENCE", description = "one sequence (default: all)")
            String sequence;

            @Override
            public Integer call() throws Exception {
                AdminCli admin = deadLetters.admin;
                retryDeadLetters(admin.http, admin.base, admin.token(), name, sequence);
                return 0;
            }
        }

        @Command(name = "drop", mixinStandardHelpOptions = true, description = "Give up a parked sequence: its events are never applied.")
        static final class Drop implements Callable<Integer> {
            @ParentCommand
            DeadLetters deadLetters;
            @Parameters(index = "0", paramLabel = "NAME", description = "the projection")
            String name;
            @Parameters(index = "1", paramLabel = "SEQUENCE", description = "the sequence to give up")
            String sequence;

            @Override
            public Integer call() throws Exception {
                AdminCli admin = deadLetters.admin;
                dropDeadLetters(admin.http, admin.base, admin.token(), name, sequence);
                return 0;
            }
        }
    }

    @Command(name = "reports", mixinStandardHelpOptions = true,
            description = "The newest reports members made, with what they reported.")
    static final class Reports implements Callable<Integer> {
        @ParentCommand
        AdminCli admin;
        @Parameters(arity = "0..1", paramLabel = "N", defaultValue = "50", description = "how many, 1 to 100 (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 100) {
                throw new CommandLine.ParameterException(new CommandLine(this), "N must be 1 to 100");
            }
            reports(admin.http, admin.base, admin.token(), limit);
            return 0;
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

    private static void listDeadLetters(HttpClient http, String base, String token) throws Exception {
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
    }

    private static void retryDeadLetters(HttpClient http, String base, String token, String name, String sequence) throws Exception {
        String url = base + "/admin/dead-letters/" + name + "/retry"
                + (sequence != null ? "?sequence=" + URLEncoder.encode(sequence, StandardCharsets.UTF_8) : "");
        HttpResponse<String> response = http.send(request(url, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        require(response, 200, "retry");
        JsonNode result = JSON.readTree(response.body());
        System.out.println(name + ": " + result.get("retried").asInt() + " sequence(s) applied, "
                + result.get("stillParked").asInt() + " still parked");
    }

    private static void dropDeadLetters(HttpClient http, String base, String token, String name, String sequence) throws Exception {
        String url = base + "/admin/dead-letters/" + name + "?sequence=" + URLEncoder.encode(sequence, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(request(url, token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        require(response, 200, "drop");
        System.out.println(name + " " + sequence + ": " + JSON.readTree(response.body()).get("dropped").asInt() + " event(s) dropped");
    }

    /** The newest reports, as a table; the evidence (the message's text when reported) shortened to a line. */
    private static void reports(HttpClient http, String base, String token, int limit) throws Exception {
        HttpResponse<String> response = http.send(request(base + "/admin/reports?limit=" + limit, token)
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

    private static int rebuild(HttpClient http, String base, String token, String name) throws Exception {
        HttpResponse<String> started = http.send(request(base + "/admin/projections/" + name + "/rebuild", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("rebuild refused (" + started.statusCode() + "): " + started.body());
            return 1;
        }
        long signedIn = System.nanoTime();
        Progress progress = null;
        while (true) {
            if (System.nanoTime() - signedIn > java.util.concurrent.TimeUnit.MINUTES.toNanos(10)) {
                token = signIn(http, base); // a rebuild of a large log outlasts an access token
                signedIn = System.nanoTime();
            }
            JsonNode p = find(list(http, base, token), name);
            long position = p.get("position").asLong();
            long lag = p.get("lag").asLong();
            if (progress == null) {
                progress = new Progress(name, "events", position);
            }
            progress.show(position, position + lag);
            if (!p.get("replaying").asBoolean() && lag == 0) {
                progress.done("caught up");
                return 0;
            }
            Thread.sleep(500);
        }
    }

    private static int exportUser(HttpClient http, String base, String token, String username, java.nio.file.Path out) throws Exception {
        HttpResponse<String> found = http.send(request(base + "/users/lookup?username="
                + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8), token).GET().build(), HttpResponse.BodyHandlers.ofString());
        require(found, 200, "lookup of " + username);
        String userId = JSON.readTree(found.body()).get("userId").asText();
        HttpResponse<String> started = http.send(request(base + "/admin/users/" + userId + "/export", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        require(started, 202, "export");
        String exportId = JSON.readTree(started.body()).get("exportId").asText();
        Progress progress = new Progress("export-user", "%", 0);
        JsonNode status;
        while (true) {
            HttpResponse<String> polled = http.send(request(base + "/admin/exports/" + exportId, token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            require(polled, 200, "export status");
            status = JSON.readTree(polled.body());
            progress.show(Math.round(status.get("progress").asDouble() * 100), 100);
            if (!"running".equals(status.get("status").asText())) {
                break;
            }
            Thread.sleep(500);
        }
        if (!"done".equals(status.get("status").asText())) {
            System.err.println("the export " + exportId + " failed: see the gateways' log");
            return 1;
        }
        HttpResponse<java.nio.file.Path> zip = http.send(request(base + status.get("download").asText(), token).GET().build(),
                HttpResponse.BodyHandlers.ofFile(out));
        if (zip.statusCode() != 200) {
            java.nio.file.Files.deleteIfExists(out);
            throw new IllegalStateException("download refused (" + zip.statusCode() + ")");
        }
        progress.done(String.format("%s: %,d bytes, SHA-256 %s", out, java.nio.file.Files.size(out), status.get("sha256").asText()));
        return 0;
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
