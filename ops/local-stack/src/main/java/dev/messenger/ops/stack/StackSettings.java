package dev.messenger.ops.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the stack keeps its data, which port each engine listens on, and which engines are external
 * (their URL variable is set, so nothing is started for them). A {@code throwaway} stack's engines delete their data
 * when the JVM that started them is gone (a test run's), so repeated runs do not fill the disk; an engine stopped and
 * started again within the run keeps it.
 */
public record StackSettings(Path dataDir, Map<Engine, Integer> ports, Map<Engine, String> externalUrls, int gatewayPort,
                            boolean throwaway) {

    /** A stack whose data stays. */
    public StackSettings(Path dataDir, Map<Engine, Integer> ports, Map<Engine, String> externalUrls, int gatewayPort) {
        this(dataDir, ports, externalUrls, gatewayPort, false);
    }

    public static final String DATA_DIR_VARIABLE = "MESSENGER_DATA_DIR";

    public StackSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        ports = Map.copyOf(ports);
        externalUrls = Map.copyOf(externalUrls);
    }

    /** The settings of {@code ops/messenger up}: fixed default ports, each overridable, and external engines by URL. */
    public static StackSettings fromEnvironment(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault(DATA_DIR_VARIABLE, "data"));
        Map<Engine, Integer> ports = new EnumMap<>(Engine.class);
        Map<Engine, String> external = new EnumMap<>(Engine.class);
        for (Engine engine : Engine.values()) {
            ports.put(engine, intValue(env, engine.portVariable(), engine.defaultPort()));
            String url = env.get(engine.urlVariable());
            if (url != null && !url.isBlank()) {
                external.put(engine, url);
            }
        }
        return new StackSettings(dataDir, ports, external, intValue(env, "SERVER_PORT", 8080));
    }

    /** Settings for a test JVM: every engine local, each on a free port, data under a throwaway directory. */
    public static StackSettings forTests(Path dataDir) {
        Map<Engine, Integer> ports = new EnumMap<>(Engine.class);
        for (Engine engine : Engine.values()) {
            ports.put(engine, freePort());
        }
        return new StackSettings(dataDir, ports, Map.of(), freePort(), true);
    }

    /** Test settings that start only the given engines (a module that needs MongoDB and Redis starts just those). */
    public static StackSettings forTests(Path dataDir, Engine first, Engine... more) {
        java.util.Set<Engine> wanted = java.util.EnumSet.of(first, more);
        StackSettings all = forTests(dataDir);
        Map<Engine, String> notStarted = new EnumMap<>(Engine.class);
        for (Engine engine : Engine.values()) {
            if (!wanted.contains(engine)) {
                notStarted.put(engine, "not-started:" + engine.id());
            }
        }
        return new StackSettings(all.dataDir(), all.ports(), notStarted, all.gatewayPort(), true);
    }

    public boolean isExternal(Engine engine) {
        return externalUrls.containsKey(engine);
    }

    public int port(Engine engine) {
        return ports.get(engine);
    }

    public String url(Engine engine) {
        return externalUrls.getOrDefault(engine, engine.url(port(engine)));
    }

    public Path engineDir(Engine engine) {
        return dataDir.resolve(engine.id());
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /**
     * A port that is free now, below Linux's ephemeral range (32768 and up): a port the kernel hands out
     * for outgoing connections could be taken by one (an engine starting alongside connecting somewhere)
     * between choosing it and the engine binding it.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + PORTS.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 32000");
    }

    private static final java.util.Random PORTS = new java.security.SecureRandom();

    private static int intValue(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
        }
    }
}
