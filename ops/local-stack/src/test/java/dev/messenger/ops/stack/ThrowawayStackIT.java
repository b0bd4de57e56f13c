package dev.messenger.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test's stack leaves no data behind once the JVM that started it is gone; a stack of ops/messenger keeps it. */
class ThrowawayStackIT {

    /** A JVM that starts a test stack (Redis only) and dies without stopping it, as a test run killed or ended does. */
    public static final class StartAndDie {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            LocalStack.start(StackSettings.forTests(dir, Engine.REDIS));
            Files.writeString(dir.resolve("started"), "1");
            Runtime.getRuntime().halt(0);
        }
    }

    @Test
    void theEnginesOfATestStackDeleteTheirDataWhenTheirJvmIsGone() throws Exception {
        Path dir = Files.createTempDirectory("stack-throwaway-");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartAndDie.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("started")).as("the stack started").exists();
        assertThat(StackSettings.forTests(dir).throwaway()).isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(dir.resolve("redis")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(dir.resolve("redis")).as("Redis's data, deleted once its parent was gone").doesNotExist();
    }

    @Test
    void aStackOfTheRunCommandKeepsItsData() {
        assertThat(StackSettings.fromEnvironment(java.util.Map.of()).throwaway()).isFalse();
    }
}
