package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Where a benchmark's numbers go: stdout, and {@code ops/results/<name>.json} and {@code .md}. */
final class BenchResults {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchResults() {
    }

    static void write(String name, Map<String, Object> results) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("benchmark", name);
        all.put("at", Instant.now().toString());
        all.putAll(results);
        String json = JSON.writeValueAsString(all);
        StringBuilder markdown = new StringBuilder("# Benchmark: ").append(name).append("\n\n| measure | value |\n|---|---|\n");
        flatten("", all, markdown);
        System.out.println(markdown);
        Path dir = dir();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), json + "\n");
        Files.writeString(dir.resolve(name + ".md"), markdown);
        System.out.println("written to " + dir.resolve(name + ".json") + " and .md");
    }

    /** {@code ops/results}, or the {@code bench.results} system property. */
    static Path dir() {
        return Path.of(System.getProperty("bench.results", "ops/results"));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> values, StringBuilder markdown) {
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", (Map<String, Object>) nested, markdown);
            } else {
                markdown.append("| ").append(prefix).append(key).append(" | ").append(value).append(" |\n");
            }
        });
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
