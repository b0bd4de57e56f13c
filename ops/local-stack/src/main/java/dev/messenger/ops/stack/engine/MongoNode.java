package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The MongoDB wire-protocol stand-in (mongo-java-server) with its H2 file backend: no MongoDB server
 * can be installed on these machines (ARCHITECTURE.md). Production points MONGODB_URI at a real one.
 */
final class MongoNode implements EngineNode {

    private static final int CACHE_MB = 256;

    private MongoServer server;
    private H2Backend backend;

    @Override
    public void start(int port, Path dir) {
        // H2's default page cache is 16 MB: with the history of a million events (gigabytes) every update
        // went to disk for its bucket; a quarter of the stand-in's heap keeps the working set of a rebuild
        MVStore store = new MVStore.Builder().fileName(dir.resolve("mongo.mv").toString()).cacheSize(CACHE_MB).open();
        backend = new H2Backend(store);
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
