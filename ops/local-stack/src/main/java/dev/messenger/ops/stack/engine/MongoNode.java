package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;

/**
 * The MongoDB wire-protocol stand-in (mongo-java-server) with its H2 file backend: no MongoDB server
 * can be installed on these machines (ARCHITECTURE.md). Production points MONGODB_URI at a real one.
 */
final class MongoNode implements EngineNode {

    private MongoServer server;
    private H2Backend backend;

    @Override
    public void start(int port, Path dir) {
        backend = new H2Backend(dir.resolve("mongo.mv").toString());
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
