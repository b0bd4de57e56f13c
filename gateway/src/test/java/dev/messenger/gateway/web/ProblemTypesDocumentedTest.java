package dev.messenger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem type the gateway's code can answer with has its section in docs/problems.md (which the gateway serves
 * at /problems), and the page documents none that the code no longer gives. The types are found where the code names
 * them: {@code new ApiProblem(HttpStatus.X, "name", ...)}, {@code ApiProblem.conflict("name", ...)}, the factories of
 * {@code ApiProblem}, {@code type("name")} in the problem handler and {@code typeUri("name")} where a body is written by hand.
 */
class ProblemTypesDocumentedTest {

    private static final Pattern NAMED = Pattern.compile(
            "HttpStatus\\.[A-Z_]+, \"([a-z-]+)\"|conflict\\(\"([a-z-]+)\"|\\btype\\(\"([a-z-]+)\"\\)|typeUri\\(\"([a-z-]+)\"\\)");

    @Test
    void everyProblemTypeOfTheCodeIsDocumentedAndNoOther() throws IOException {
        Set<String> given = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = NAMED.matcher(Files.readString(source));
                while (matcher.find()) {
                    for (int group = 1; group <= matcher.groupCount(); group++) {
                        if (matcher.group(group) != null) {
                            given.add(matcher.group(group));
                        }
                    }
                }
            }
        }
        assertThat(given).as("the scan found the code's problem types").hasSizeGreaterThan(20);

        Set<String> documented = new TreeSet<>(new ProblemTypesController().documented());
        assertThat(documented).as("types given by the code, missing from docs/problems.md").containsAll(given);
        assertThat(given).as("types docs/problems.md lists that the code does not give").containsAll(documented);
    }
}
