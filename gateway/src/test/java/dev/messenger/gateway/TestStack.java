package dev.messenger.gateway;

import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real engines for this test JVM, started once through the same ops code as {@code ops/messenger up},
 * on free ports with a throwaway data directory; the engines stop when the JVM has exited.
 */
public final class TestStack {

    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path dataDir = Files.createTempDirectory("messenger-it-");
                // no shutdown hook: each engine stops by itself once this JVM is gone (EngineMain watches its
                // parent), which is after Spring has closed the gateway, so nothing fails while shutting down
                stack = LocalStack.start(StackSettings.forTests(dataDir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    /** Points the Spring context at the test stack, by the same variables ops/messenger sets. */
    public static void register(DynamicPropertyRegistry registry) {
        Map<String, String> env = get().gatewayEnvironment();
        registry.add("spring.datasource.url", () -> env.get("DATABASE_URL"));
        registry.add("spring.data.mongodb.uri", () -> env.get("MONGODB_URI"));
        registry.add("messenger.opensearch.url", () -> env.get("OPENSEARCH_URL"));
        registry.add("messenger.redis.url", () -> env.get("REDIS_URL"));
        registry.add("spring.kafka.bootstrap-servers", () -> env.get("KAFKA_BOOTSTRAP_SERVERS"));
        registry.add("messenger.data-dir", () -> env.get("MESSENGER_DATA_DIR"));
    }
}
