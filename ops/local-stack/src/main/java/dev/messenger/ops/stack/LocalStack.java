package dev.messenger.ops.stack;

import dev.messenger.ops.stack.engine.EngineMain;
import dev.messenger.ops.stack.engine.StandInFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the engines that are not external, each in its own JVM ({@link EngineMain}) on this module's
 * classpath, waits until each is ready, and stops them cleanly. Used by {@code ops/messenger up} and by
 * the integration tests, so both run the same engines the same way.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    /** The MongoDB stand-in's first start after its file format changed copies its file, gigabytes after large rebuilds. */
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(60);
    // an engine that hangs while starting (seen once: OpenSearch, restarted on a loaded 2-core machine) gets
    // one more try with the same data before the stack gives up
    private static final int START_ATTEMPTS = 2;
    // by name: this class must load without the engines' libraries on the classpath
    private static final String ENGINE_MAIN = "dev.messenger.ops.stack.engine.EngineMain";

    private final StackSettings settings;
    private final Map<Engine, RunningProcess> processes = new EnumMap<>(Engine.class);

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /** Starts every engine that is not external and returns once all are ready. */
    public static LocalStack start(StackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Engine engine : Engine.values()) {
                if (!settings.isExternal(engine)) {
                    starts.add(CompletableFuture.runAsync(() -> stack.startEngine(engine)));
                }
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            return stack;
        } catch (CompletionException e) {
            stack.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public StackSettings settings() {
        return settings;
    }

    public String url(Engine engine) {
        return settings.url(engine);
    }

    /** The variables that point the gateway at this stack (the names its configuration reads). */
    public Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Engine engine : Engine.values()) {
            env.put(engine.urlVariable(), url(engine));
        }
        env.put(StackSettings.DATA_DIR_VARIABLE, settings.dataDir().toString());
        return env;
    }

    /** Starts (or starts again, with the data it had) one engine and waits until it is ready. */
    public synchronized void startEngine(Engine engine) {
        RunningProcess running = processes.get(engine);
        if (running != null && running.isAlive()) {
            return;
        }
        int port = settings.port(engine);
        if (RunningProcess.isListening(port)) {
            throw new IllegalStateException("port " + port + " for " + engine.id()
                    + " is already in use; set " + engine.portVariable() + " to another port or "
                    + engine.urlVariable() + " to use a running " + engine.id());
        }
        Path readyFile = settings.engineDir(engine).resolveSibling("." + engine.id() + ".ready");
        boolean copying = engine == Engine.MONGODB && StandInFiles.copyPending(settings.engineDir(engine));
        if (copying) {
            System.out.println("The MongoDB stand-in copies its file into a new format first (once); this can take minutes.");
        }
        for (int attempt = 1; ; attempt++) {
            RunningProcess process = launch(engine, port, readyFile);
            processes.put(engine, process);
            try {
                process.awaitReady(() -> Files.exists(readyFile), copying ? COPY_TIMEOUT : READY_TIMEOUT);
                return;
            } catch (IllegalStateException e) {
                process.kill();
                processes.remove(engine);
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                process.note("-- " + engine.id() + " did not become ready; killed, starting it again");
            }
        }
    }

    /**
     * The MongoDB stand-in holds its page cache on the heap (MongoNode), and a deleteMany or a rebuild of history
     * over a log of a million events ran a 256 MB heap out of memory.
     */
    private static String maxHeap(Engine engine) {
        return switch (engine) {
            case OPENSEARCH, KAFKA -> "-Xmx512m";
            case MONGODB -> "-Xmx3g";
            default -> "-Xmx256m";
        };
    }

    private RunningProcess launch(Engine engine, int port, Path readyFile) {
        try {
            Files.createDirectories(settings.engineDir(engine));
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(maxHeap(engine));
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(engineClasspath());
        command.add(ENGINE_MAIN);
        command.add(engine.id());
        command.add(String.valueOf(port));
        command.add(settings.engineDir(engine).toString());
        command.add(readyFile.toString());
        if (settings.throwaway()) {
            command.add(EngineMain.THROWAWAY);
        }
        return RunningProcess.start(engine.id(), command, settings.logDir().resolve(engine.id() + ".log"), Map.of());
    }

    /** Stops one engine cleanly (SIGTERM); its data stays. */
    public synchronized void stopEngine(Engine engine) {
        RunningProcess process = processes.remove(engine);
        if (process != null) {
            process.stop();
        }
    }

    /**
     * Kills one engine (SIGKILL), as a crash would: its process and everything it started. PostgreSQL's server is
     * started by pg_ctl and leaves the launcher's process tree, so it is found by the pid in its data directory.
     */
    public synchronized void killEngine(Engine engine) {
        RunningProcess process = processes.remove(engine);
        if (process != null) {
            process.kill();
        }
        if (engine == Engine.POSTGRES) {
            Path pidFile = settings.engineDir(engine).resolve("pgdata").resolve("postmaster.pid");
            try {
                if (Files.exists(pidFile)) {
                    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                    ProcessHandle.of(pid).ifPresent(server -> {
                        server.descendants().forEach(ProcessHandle::destroyForcibly);
                        server.destroyForcibly();
                    });
                }
            } catch (IOException | RuntimeException e) {
                // no server left to kill
            }
        }
        int port = settings.port(engine);
        for (int i = 0; i < 100 && RunningProcess.isListening(port); i++) {
            RunningProcess.sleep(100); // until the port is free, so that a start right after finds it so
        }
    }

    public synchronized boolean isRunning(Engine engine) {
        RunningProcess process = processes.get(engine);
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        List<RunningProcess> running;
        synchronized (this) {
            running = new ArrayList<>(processes.values());
            processes.clear();
        }
        running.parallelStream().forEach(RunningProcess::stop);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This module's classes plus its runtime dependencies, as resolved by Maven at build time. */
    static String engineClasspath() {
        try (InputStream in = LocalStack.class.getResourceAsStream("engine.classpath")) {
            if (in == null) {
                throw new IllegalStateException("engine.classpath is missing: build ops/local-stack with Maven first");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String self = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return self + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
