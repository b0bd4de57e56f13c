package dev.messenger.ops.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** replay and generate-log check what they are given before they connect to anything. */
class EventLogCliTest {

    private static String refusal(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void replayRefusesABoundThatIsNeitherAPositionNorATime() {
        assertThat(refusal(new EventLogExport.Command(), "--from", "yesterday")).contains("not a position or an ISO-8601 time");
    }

    @Test
    void replayRefusesUnknownOptions() {
        assertThat(refusal(new EventLogExport.Command(), "--form", "1")).contains("Unknown option", "Usage:");
    }

    @Test
    void replayTakesEveryFilter() {
        EventLogExport.Command replay = new EventLogExport.Command();
        new CommandLine(replay).parseArgs("--from", "2026-11-01T00:00:00Z", "--to", "2000", "--type", "MessageSent", "--type",
                "MessageEdited", "--conversation", "g-1", "--out", "log.ndjson");
        assertThat(replay.types).containsExactly("MessageSent", "MessageEdited");
        assertThat(replay.file.toString()).isEqualTo("log.ndjson");
    }

    @Test
    void generateLogReadsGroupedDigitsAndRefusesNothingToDo() {
        EventLogGenerator.Command generate = new EventLogGenerator.Command();
        new CommandLine(generate).parseArgs("1_000_000", "7");
        assertThat(generate.events).isEqualTo(1_000_000);
        assertThat(generate.seed).isEqualTo(7);
        assertThat(refusal(new EventLogGenerator.Command(), "0")).contains("at least 1");
        assertThat(refusal(new EventLogGenerator.Command(), "many")).contains("Usage:");
    }

    @Test
    void bothHaveHelp() {
        for (Object command : new Object[] {new EventLogExport.Command(), new EventLogGenerator.Command()}) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute("--help")).isZero();
            assertThat(out.toString()).contains("Usage:");
        }
    }
}
