package dev.messenger.projections.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** MongoDB and Redis for this test JVM, started once through the ops code, and clients of them. */
public final class Engines {

    private static LocalStack stack;
    private static RedissonClient redis;
    private static com.mongodb.reactivestreams.client.MongoClient mongo;

    private Engines() {
    }

    private static synchronized LocalStack stack() {
        if (stack == null) {
            try {
                stack = LocalStack.start(StackSettings.forTests(Files.createTempDirectory("read-models-it-"), Engine.MONGODB, Engine.REDIS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // the engines stop by themselves once this JVM is gone (EngineMain watches its parent)
        }
        return stack;
    }

    /** A fresh database per call, so tests do not see each other's documents. */
    public static MongoDatabase mongo() {
        synchronized (Engines.class) {
            if (mongo == null) {
                mongo = MongoClients.create(stack().url(Engine.MONGODB));
            }
        }
        return mongo.getDatabase("test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public static synchronized RedissonClient redis() {
        if (redis == null) {
            Config config = new Config();
            config.useSingleServer().setAddress(stack().url(Engine.REDIS));
            redis = Redisson.create(config);
        }
        return redis;
    }

    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
