package dev.messenger.ops.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli for the tools whose arguments are a few positional values ({@code ops/messenger latency [N] [URL]}):
 * declared in a line each, with {@code --help}, {@code --version}, defaults, type checks and refusals as the
 * annotated commands have them.
 */
public final class Cli {

    /** What {@link #parse} says to do: go on, or exit with this code (help shown: 0; refused: 2). */
    public static final int PROCEED = -1;

    private Cli() {
    }

    public static CommandSpec command(String name, String... description) {
        CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        spec.version("messenger " + name);
        return spec;
    }

    /** A positional value; {@code defaultValue} null makes it required. */
    public static PositionalParamSpec positional(int index, String label, Class<?> type, String defaultValue, String description) {
        PositionalParamSpec.Builder builder = PositionalParamSpec.builder().index(String.valueOf(index)).paramLabel(label).type(type)
                .description(description + (defaultValue == null ? "" : " (default " + defaultValue + ")"));
        if (defaultValue != null) {
            builder.arity("0..1").defaultValue(defaultValue);
        } else {
            builder.arity("1").required(true);
        }
        return builder.build();
    }

    /** Reads {@code args} into {@code spec}: {@link #PROCEED}, or the exit code after printing help or a refusal with the usage. */
    public static int parse(CommandSpec spec, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(spec);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                cli.usage(out);
                out.flush();
                return 0;
            }
            if (parsed.isVersionHelpRequested()) {
                cli.printVersionHelp(out);
                out.flush();
                return 0;
            }
            return PROCEED;
        } catch (CommandLine.ParameterException e) {
            err.println(e.getMessage());
            cli.usage(err);
            err.flush();
            return 2;
        }
    }

    /** {@link #parse} on the standard streams, exiting unless the tool should go on. */
    public static void parseOrExit(CommandSpec spec, String[] args) {
        int code = parse(spec, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != PROCEED) {
            System.exit(code);
        }
    }

    /** The value of positional {@code index}, as given or its default. */
    @SuppressWarnings("unchecked")
    public static <T> T value(CommandSpec spec, int index) {
        return (T) spec.positionalParameters().get(index).getValue();
    }
}
