package dev.messenger.ops.stack.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of one engine's process: {@code EngineMain <engine> <port> <dataDir> <readyFile> [throwaway]}.
 * Writes {@code readyFile} once the engine accepts clients, stops it cleanly on SIGTERM, and exits
 * when its parent (ops/messenger or a test JVM) is gone, so no engine outlives its stack. With {@code throwaway} (a
 * test's stack) it then deletes its data directory too: a stop while the parent lives (a test restarting the engine)
 * keeps it.
 */
public final class EngineMain {

    public static final String THROWAWAY = "throwaway";

    private static volatile boolean parentGone;

    private EngineMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && !(args.length == 5 && THROWAWAY.equals(args[4]))) {
            System.err.println("usage: EngineMain <postgres|mongodb|opensearch|redis|kafka> <port> <dataDir> <readyFile> [throwaway]");
            System.exit(2);
        }
        boolean throwaway = args.length == 5;
        EngineNode node = switch (args[0]) {
            case "postgres" -> new PostgresNode();
            case "mongodb" -> new MongoNode();
            case "opensearch" -> new OpenSearchNode();
            case "redis" -> new RedisNode();
            case "kafka" -> new KafkaNode();
            default -> throw new IllegalArgumentException("unknown engine " + args[0]);
        };
        int port = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Path readyFile = Path.of(args[3]);
        Files.createDirectories(dir);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop();
                System.out.println(args[0] + " stopped");
                if (throwaway && parentGone) {
                    deleteRecursively(dir);
                    Files.deleteIfExists(readyFile);
                }
            } catch (Exception e) {
                System.err.println(args[0] + " did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "stop-" + args[0]));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            parentGone = true;
            System.exit(0);
        }));

        try {
            node.start(port, dir);
        } catch (Exception | Error e) {
            // an engine's own threads would keep this JVM alive, not ready, until the stack's timeout
            System.err.println(args[0] + " failed to start: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
        Files.writeString(readyFile, String.valueOf(ProcessHandle.current().pid()));
        System.out.println(args[0] + " ready on port " + port + " with data in " + dir);
        stopped.await();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
