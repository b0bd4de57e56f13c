package dev.messenger.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark's options, read and checked before it signs anyone up. */
class BenchOptionsTest {

    @Test
    void theOptionsOfThePairsRunAreRead() {
        LoadBenchmark.Options options = new LoadBenchmark.Options();
        new CommandLine(options).parseArgs("--scenario", "pairs", "--users", "200", "--duration", "45", "--warmup", "20",
                "--read-seconds", "0", "--concurrency", "64", "--name", "s13-A");
        LoadBenchmark.Settings settings = options.settings();
        assertThat(settings.scenario()).isEqualTo("pairs");
        assertThat(settings.users()).isEqualTo(200);
        assertThat(settings.readSeconds()).isZero();
        assertThat(settings.name()).isEqualTo("s13-A");
        assertThat(settings.groupSize()).isEqualTo(8);
    }

    @Test
    void theDefaultNameFollowsTheScenario() {
        LoadBenchmark.Options options = new LoadBenchmark.Options();
        new CommandLine(options).parseArgs();
        assertThat(options.settings().name()).isEqualTo("bench");
        assertThat(options.settings().users()).isEqualTo(1000);
    }

    @Test
    void anUnknownScenarioOptionOrValueIsRefused() {
        for (String[] args : new String[][] {{"--scenario", "storm"}, {"--users", "many"}, {"--user", "10"}, {"--users", "1"}}) {
            CommandLine cli = new CommandLine(new LoadBenchmark.Options());
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).isNotBlank();
        }
    }
}
