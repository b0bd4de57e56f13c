package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The MongoDB wire-protocol stand-in (mongo-java-server) with its H2 file backend: no MongoDB server
 * can be installed on these machines (docs/architecture.md). Production points MONGODB_URI at a real one.
 *
 * <p>{@code MESSENGER_MONGODB_STAND_IN=memory} runs it in memory instead, for measuring the projections rather than
 * the stand-in: H2 compares index keys by Java-serializing both, which bounds every MongoDB projection here far below
 * what the projections themselves do. In memory, the MongoDB read models (and their tokens) are gone at every start,
 * and those projections replay the log from the start, as after a rebuild.
 */
final class MongoNode implements EngineNode {

    private static final int CACHE_MB = 1024;
    /**
     * H2 rewrites, in its background writer, every chunk of the file that is less full than this (under load: less
     * than its square over 100). Its default of 90 made the stand-in rewrite live pages without pause under a steady
     * load: 18% of its CPU at 200 messages/s (docs/performance.md, tenth step). At 50 the file may hold up to four
     * times its live data under load, and twice once idle, which a read model on a developer's machine can afford.
     */
    private static final int COMPACT_BELOW_PERCENT = 50;
    /** The file of {@link ValueOrderedH2Backend}: its index order is not the stock backend's. */
    static final String FILE = "mongo-value-ordered.mv";
    /** The stock backend's file, from before: its indexes cannot be read in the other order. */
    private static final String STOCK_FILE = "mongo.mv";

    private MongoServer server;
    private MongoBackend backend;

    @Override
    public void start(int port, Path dir) {
        // H2's default page cache is 16 MB: with the history of a million events (gigabytes) every update
        // went to disk for its bucket; a quarter of the stand-in's heap keeps the working set of a rebuild
        if ("memory".equals(System.getenv("MESSENGER_MONGODB_STAND_IN"))) {
            backend = new MemoryBackend();
        } else {
            removeStockFile(dir);
            MVStore store = new MVStore.Builder().fileName(dir.resolve(FILE).toString()).cacheSize(CACHE_MB)
                    .autoCompactFillRate(COMPACT_BELOW_PERCENT).open();
            backend = ValueOrderedH2Backend.open(store);
        }
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }

    /**
     * The stand-in holds read models and their projections' tokens only, so a file it can no longer read is removed
     * rather than migrated: history, inbox and blocks find no token and replay the event log into the new file.
     */
    private static void removeStockFile(Path dir) {
        try {
            if (Files.deleteIfExists(dir.resolve(STOCK_FILE))) {
                System.out.println("The MongoDB stand-in's file format changed: removed " + dir.resolve(STOCK_FILE)
                        + "; history, inbox and blocks replay the event log into " + FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
