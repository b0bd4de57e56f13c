package dev.messenger.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/gateway.jar}, built by the package phase) in a JVM of its own, for the tests
 * that need a real process: a small heap, a SIGKILL, several nodes. Its output is appended to {@code log}, so a
 * restarted gateway keeps one log.
 */
public final class GatewayProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it on {@code port} with {@code heap} (e.g. {@code -Xmx512m}) and these variables on top of the test JVM's. */
    public static GatewayProcess start(String heap, int port, Path log, Map<String, String> environment) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-jar", Path.of("target", "gateway.jar").toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        return new GatewayProcess(builder.start(), port, log);
    }

    /** Waits for readiness ({@code /actuator/health/readiness} 200), failing at once, with the log, if the process dies. */
    public GatewayProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway on port " + port + " exited with " + process.exitValue() + "\n" + log(4000));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the gateway on port " + port + " was not ready after " + timeout + "\n" + log(4000));
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, and waits for the graceful shutdown. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The whole log. */
    public String log() {
        return log(Integer.MAX_VALUE);
    }

    /** The log's last {@code lastChars} characters. */
    public String log(int lastChars) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - lastChars));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
