package dev.messenger.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;

/** The completion script knows every command of ops/messenger, and ops/messenger dispatches every command it knows. */
class CompletionTest {

    @Test
    void everyCommandOfTheRunScriptIsCompletedAndNothingElse() throws Exception {
        // the run script's dispatch: "  up)", "  projections|rebuild|…)"
        String script = Files.readString(Path.of("..", "messenger"));
        java.util.Set<String> dispatched = new java.util.TreeSet<>();
        Matcher cases = Pattern.compile("(?m)^  ([a-z|-]+)\\)$").matcher(script);
        while (cases.find()) {
            dispatched.addAll(java.util.List.of(cases.group(1).split("\\|")));
        }
        assertThat(dispatched).contains("up", "replay", "dead-letters");
        assertThat(Completion.messenger().getSubcommands().keySet()).containsExactlyInAnyOrderElementsOf(dispatched);
    }

    @Test
    void subcommandsAndOptionsAreCompleted() {
        String completion = AutoComplete.bash("messenger", Completion.messenger());
        assertThat(completion).contains("dead-letters", "retry", "drop", "--scenario", "--conversation", "grant");
    }
}
