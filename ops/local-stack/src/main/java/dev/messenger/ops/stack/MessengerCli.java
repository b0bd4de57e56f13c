package dev.messenger.ops.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ops/messenger up}: starts every engine whose URL is not configured, then the gateway, prints
 * where everything runs and stops it all cleanly on Ctrl-C. {@code ops/messenger engines} starts the
 * engines only (to run the gateway from an IDE).
 */
public final class MessengerCli {

    private static final Duration GATEWAY_READY_TIMEOUT = Duration.ofMinutes(3);

    private MessengerCli() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        StackSettings settings = StackSettings.fromEnvironment(System.getenv());
        switch (command) {
            case "up" -> run(settings, args.length > 1 ? Path.of(args[1]) : Path.of("gateway/target/gateway.jar"));
            case "engines" -> run(settings, null);
            default -> {
                System.err.println("usage: messenger up | engines");
                System.exit(2);
            }
        }
    }

    private static void run(StackSettings settings, Path gatewayJar) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(settings.dataDir());
        Path lockFile = settings.dataDir().resolve(".messenger.lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String owner = Files.readString(lockFile).trim();
            System.err.println("messenger is already running with data in " + settings.dataDir()
                    + (owner.isEmpty() ? "" : " (" + owner + ")")
                    + ". Stop it with Ctrl-C in its terminal, or use another MESSENGER_DATA_DIR and other ports.");
            System.exit(1);
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()
                + ", gateway http://localhost:" + settings.gatewayPort()).getBytes()));
        if (gatewayJar != null && RunningProcess.isListening(settings.gatewayPort())) {
            System.err.println("port " + settings.gatewayPort() + " is already in use: is another gateway running? "
                    + "Set SERVER_PORT to use another port.");
            System.exit(1);
        }

        System.out.println("Starting engines with data in " + settings.dataDir() + " (logs in " + settings.logDir() + ") ...");
        LocalStack stack = LocalStack.start(settings);
        List<RunningProcess> gateway = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("\nStopping ...");
            gateway.forEach(RunningProcess::stop);
            stack.close();
            System.out.println("Stopped. Data kept in " + settings.dataDir());
            done.countDown();
        }, "messenger-stop"));

        for (Engine engine : Engine.values()) {
            System.out.printf("  %-11s %-55s %s%n", engine.id(), stack.url(engine),
                    settings.isExternal(engine) ? "(external)" : "(local)");
        }
        if (gatewayJar != null) {
            if (!Files.exists(gatewayJar)) {
                throw new IllegalStateException(gatewayJar + " is missing: run ./mvnw -DskipTests package first");
            }
            RunningProcess process = startGateway(settings, stack.gatewayEnvironment(), gatewayJar);
            gateway.add(process);
            System.out.printf("  %-11s %-55s (pid %d, log %s)%n", "gateway", "http://localhost:" + settings.gatewayPort(),
                    process.pid(), process.log());
            System.out.printf("Messenger is up after %.1f s. API docs: http://localhost:%d/swagger-ui.html - Ctrl-C stops everything.%n",
                    (System.nanoTime() - started) / 1e9, settings.gatewayPort());
            // the gateway exiting on its own (a crash) ends the run too
            process.onExit(() -> {
                if (stopping.get()) {
                    return;
                }
                System.err.println("The gateway exited; its log ends with:\n" + process.tail());
                System.exit(1);
            });
        } else {
            System.out.printf("Engines are up after %.1f s. Ctrl-C stops them.%n", (System.nanoTime() - started) / 1e9);
        }
        done.await();
    }

    static RunningProcess startGateway(StackSettings settings, Map<String, String> env, Path gatewayJar) {
        // the heap the Kubernetes deployment gives it (75% of its 1 GiB): at 512 MB G1 marks nearly all the time under
        // load (docs/performance.md, twenty-second check)
        List<String> command = List.of(LocalStack.javaExecutable(), "-Xmx768m", "-jar", gatewayJar.toString());
        Map<String, String> gatewayEnv = new java.util.HashMap<>(env);
        gatewayEnv.put("SERVER_PORT", String.valueOf(settings.gatewayPort()));
        RunningProcess process = RunningProcess.start("gateway", command, settings.logDir().resolve("gateway.log"), gatewayEnv);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI readiness = URI.create("http://localhost:" + settings.gatewayPort() + "/actuator/health/readiness");
        process.awaitReady(() -> {
            try {
                return http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, GATEWAY_READY_TIMEOUT);
        return process;
    }
}
