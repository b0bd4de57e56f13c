package dev.messenger.ops.stack.engine;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    /**
     * H2 commits (writes every page changed since its last commit, each whole) once a second, or sooner once the pages
     * changed take this much memory. Its default (19 MB here) made a history rebuild commit several times a second,
     * writing a page that several events changed as many times; at 256 MB it commits about once a second under that load
     * too (docs/performance.md, twenty-fourth step). What a crash can lose stays what the second allows.
     */
    private static final int COMMIT_BUFFER_MB = 256;

    private MongoServer server;
    private MongoBackend backend;

    @Override
    public void start(int port, Path dir) {
        // H2's default page cache is 16 MB: with the history of a million events (gigabytes) every update
        // went to disk for its bucket; a quarter of the stand-in's heap keeps the working set of a rebuild
        if ("memory".equals(System.getenv("MESSENGER_MONGODB_STAND_IN"))) {
            backend = new MemoryBackend();
        } else {
            copyEarlierFile(dir);
            MVStore store = new MVStore.Builder().fileName(dir.resolve(StandInFiles.FILE).toString()).cacheSize(CACHE_MB)
                    .autoCommitBufferSize(COMMIT_BUFFER_MB * 1024).autoCompactFillRate(COMPACT_BELOW_PERCENT).open();
            backend = ValueOrderedH2Backend.open(store);
        }
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
    }

    /**
     * Carries the data of a file of an earlier format into {@link StandInFiles#FILE} (through a temporary file, so that
     * a copy interrupted half way is made again at the next start) and removes it: the read models and their tokens,
     * and the files kept in GridFS, which no replay of the log could bring back.
     */
    static void copyEarlierFile(Path dir) {
        Path target = dir.resolve(StandInFiles.FILE);
        for (String name : StandInFiles.EARLIER_FILES) {
            Path earlier = dir.resolve(name);
            if (!Files.exists(earlier)) {
                continue;
            }
            try {
                if (!Files.exists(target)) {
                    Path copy = dir.resolve(StandInFiles.FILE + ".copying");
                    Files.deleteIfExists(copy);
                    MVStore from = new MVStore.Builder().fileName(earlier.toString()).readOnly().open();
                    MVStore to = new MVStore.Builder().fileName(copy.toString()).open();
                    try {
                        ValueOrderedH2Backend.copy(from, to);
                    } finally {
                        to.close();
                        from.close();
                    }
                    Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
                    System.out.println("The MongoDB stand-in's file format changed: copied " + earlier + " into " + target);
                }
                Files.delete(earlier);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
