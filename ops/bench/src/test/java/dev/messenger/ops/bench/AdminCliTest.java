package dev.messenger.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operators' commands parse before they ask anything of a server: help everywhere, and wrong input refused. */
class AdminCliTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = AdminCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsEverySubcommand() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("projections", "rebuild", "pause", "resume", "dead-letters", "reports", "export-user");
    }

    @Test
    void eachSubcommandHasHelp() {
        for (String[] args : new String[][] {{"rebuild", "--help"}, {"dead-letters", "retry", "--help"}, {"help", "reports"},
                {"export-user", "--help"}}) {
            Run help = run(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).as(String.join(" ", args)).contains("Usage:");
        }
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreRefusedWithUsage() {
        for (String[] args : new String[][] {{}, {"projections", "--colour"}, {"rebuild"}, {"pause"}, {"dead-letters", "drop", "history"},
                {"reports", "many"}, {"rebiuld", "history"}, {"export-user"}}) {
            Run refused = run(args);
            assertThat(refused.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            // the usage, or for a mistyped subcommand the ones it may have meant
            assertThat(refused.err()).as(String.join(" ", args)).containsAnyOf("Usage:", "Did you mean: messenger rebuild");
        }
    }
}
