package dev.messenger.ops.stack.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis: Debian's redis-server when it is installed, otherwise the real binary shipped inside the
 * embedded-redis jar. Append-only persistence keeps the data across restarts.
 */
final class RedisNode implements EngineNode {

    private static final String BUNDLED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

    private Process redis;

    @Override
    public void start(int port, Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        redis = new ProcessBuilder(List.of(executable(dir).toString(),
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", data.toString(),
                "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--protected-mode", "no",
                "--daemonize", "no"))
                .inheritIO()
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!answersPing(port)) {
            if (!redis.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server did not start");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void stop() throws Exception {
        if (redis != null && redis.isAlive()) {
            redis.destroy(); // SIGTERM: redis flushes the append-only file and exits
            if (!redis.waitFor(20, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private static Path executable(Path dir) throws IOException {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path extracted = dir.resolve("bin").resolve("redis-server");
        if (!Files.isExecutable(extracted)) {
            Files.createDirectories(extracted.getParent());
            try (InputStream in = RedisNode.class.getResourceAsStream(BUNDLED_BINARY)) {
                if (in == null) {
                    throw new IllegalStateException("no redis-server on PATH and none bundled in embedded-redis");
                }
                Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!extracted.toFile().setExecutable(true)) {
                throw new IOException("could not make " + extracted + " executable");
            }
        }
        return extracted;
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
