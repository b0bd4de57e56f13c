package dev.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every environment variable the gateway reads is in the operators' configuration table, with its default. */
class ConfigurationTableTest {

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void everyVariableOfTheApplicationConfigurationIsInTheTable() throws Exception {
        String configuration = Files.readString(Path.of("src/main/resources/application.yml"));
        Set<String> read = matches(configuration, "\\$\\{([A-Z][A-Z0-9_]*)[:}]");
        assertThat(read).hasSizeGreaterThan(50);

        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        String table = operations.substring(operations.indexOf("## Configuration"));
        table = table.substring(0, table.indexOf("\n## ", 3));
        Set<String> documented = matches(table, "`([A-Z][A-Z0-9_]*)`");

        assertThat(documented).as("variables of application.yml missing from docs/operations.md#configuration")
                .containsAll(read);
    }
}
