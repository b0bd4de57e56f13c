package dev.messenger.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ops/messenger build --if-stale} (what {@code up} and {@code engines} do first), run in a tree of its own whose
 * {@code mvnw} only records that it was called and makes the jars as Maven would: it builds when the jars are missing
 * or a source changed since, shows the modules as they are built, and stops with the log's end when the build fails.
 */
class MessengerScriptTest {

    @TempDir
    Path tree;

    @BeforeEach
    void aTreeWithTheScriptAndAStandInForMaven() throws IOException {
        Files.createDirectories(tree.resolve("ops"));
        Files.copy(Path.of("..", "messenger"), tree.resolve("ops/messenger"));
        Files.writeString(tree.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo called >> builds.txt
                echo "[INFO] Building Messenger gateway 0.1.0-SNAPSHOT                          [1/1]"
                echo "[INFO] --------------------------------[ jar ]---------------------------------"
                if [ -f fail ]; then echo "[ERROR] COMPILATION ERROR: Foo.java"; exit 1; fi
                mkdir -p gateway/target ops/local-stack/target/classes/dev/messenger/ops/stack
                touch gateway/target/gateway.jar ops/local-stack/target/classes/dev/messenger/ops/stack/engine.classpath
                """);
        Files.setPosixFilePermissions(tree.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tree.resolve("ops/messenger"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = tree.resolve("gateway/src/main/java/Gateway.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Gateway {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private record Run(int status, String output) {
    }

    private Run buildIfStale() throws Exception {
        Process process = new ProcessBuilder("bash", "ops/messenger", "build", "--if-stale").directory(tree.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private long builds() throws IOException {
        Path builds = tree.resolve("builds.txt");
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    @Test
    void buildsWhenTheJarsAreMissingOrASourceChangedAndOtherwiseNot() throws Exception {
        Run first = buildIfStale();
        assertThat(first.status()).isZero();
        assertThat(first.output()).contains("[1/1] Messenger gateway 0.1.0-SNAPSHOT").doesNotContain("[INFO]");
        assertThat(builds()).isEqualTo(1);

        assertThat(buildIfStale().status()).isZero();
        assertThat(builds()).as("nothing changed: no build").isEqualTo(1);

        Path source = tree.resolve("gateway/src/main/java/Gateway.java");
        Files.writeString(source, "class Gateway { int changed; }");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
        Run changed = buildIfStale();
        assertThat(changed.output()).contains("Sources changed since the last build (gateway/src/main/java/Gateway.java");
        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void aFailedBuildStopsWithTheEndOfItsLog() throws Exception {
        Files.writeString(tree.resolve("fail"), "");
        Run failed = buildIfStale();
        assertThat(failed.status()).isNotZero();
        assertThat(failed.output()).contains("COMPILATION ERROR: Foo.java", "The build failed (full log: target/build.log)");
    }
}
