package dev.messenger.ops.stack.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MongoDB stand-in's file names, in a class of no library: the stack reads them before it starts the stand-in's
 * process ({@code LocalStack} loads without the engines' libraries).
 */
public final class StandInFiles {

    /** The file of {@link ValueOrderedH2Backend}: neither its index order nor its encoding is the stock backend's. */
    public static final String FILE = "mongo-compact.mv";
    /**
     * Files of earlier formats, newest first: this backend's before its compact encoding (2026-12-08), and the stock
     * backend's (before 2026-12-07). One found at start is copied into {@link #FILE} and removed ({@link MongoNode}).
     */
    static final List<String> EARLIER_FILES = List.of("mongo-value-ordered.mv", "mongo.mv");

    private StandInFiles() {
    }

    /** Whether the stand-in's next start in {@code dir} copies a file of an earlier format first, which takes minutes. */
    public static boolean copyPending(Path dir) {
        return !Files.exists(dir.resolve(FILE)) && EARLIER_FILES.stream().anyMatch(name -> Files.exists(dir.resolve(name)));
    }
}
