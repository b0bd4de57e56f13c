package dev.messenger.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static CommandSpec latency() {
        CommandSpec spec = Cli.command("latency", "Delivery latency of N messages.");
        spec.addPositional(Cli.positional(0, "N", int.class, "1000", "messages"));
        spec.addPositional(Cli.positional(1, "URL", String.class, "http://localhost:8080", "the gateway"));
        return spec;
    }

    private int parse(CommandSpec spec, String... args) {
        return Cli.parse(spec, args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void valuesAreReadAndDefaultsFillTheRest() {
        CommandSpec spec = latency();
        assertThat(parse(spec, "500")).isEqualTo(Cli.PROCEED);
        assertThat(Cli.<Integer>value(spec, 0)).isEqualTo(500);
        assertThat(Cli.<String>value(spec, 1)).isEqualTo("http://localhost:8080");
    }

    @Test
    void helpIsShownWithTheDefaults() {
        assertThat(parse(latency(), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: latency", "[N] [URL]", "(default 1000)");
    }

    @Test
    void aWrongTypeAnUnknownOptionOrTooManyValuesAreRefused() {
        for (String[] args : new String[][] {{"many"}, {"--fast"}, {"1", "http://x", "more"}}) {
            assertThat(parse(latency(), args)).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(err.toString()).contains("Usage: latency");
    }

    @Test
    void aValueWithoutDefaultIsRequired() {
        CommandSpec spec = Cli.command("admin", "Grant or revoke the admin role.");
        spec.addPositional(Cli.positional(0, "ACTION", String.class, null, "grant or revoke"));
        assertThat(parse(spec)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
    }
}
