package dev.messenger.ops.stack.engine;

import java.nio.file.Path;

/** One engine running inside an {@link EngineMain} process. */
interface EngineNode {

    /** Starts the engine on {@code port} with its data in {@code dir}; returns once it accepts clients. */
    void start(int port, Path dir) throws Exception;

    /** Stops the engine cleanly, flushing what it holds. */
    void stop() throws Exception;
}
