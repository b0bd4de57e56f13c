package dev.messenger.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time used by each process of the local stack (gateway, each engine, this load generator), read
 * from Linux's {@code /proc}: where a benchmark's CPU went, when everything shares one machine. Empty
 * elsewhere.
 */
final class ProcessCpu {

    private static final Pattern ENGINE = Pattern.compile("EngineMain\\s+(\\w+)");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** CPU seconds used so far, by process label. */
    static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String label = label(p, Long.parseLong(p.getFileName().toString()) == self);
                    if (label != null) {
                        seconds.merge(label, cpuSeconds(p), Double::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return seconds;
    }

    /** CPU seconds per label between two snapshots. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new TreeMap<>();
        after.forEach((label, seconds) -> used.put(label, seconds - before.getOrDefault(label, 0.0)));
        return used;
    }

    private static String label(Path process, boolean self) throws IOException {
        if (self) {
            return "load-generator";
        }
        String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        Matcher engine = ENGINE.matcher(command);
        if (engine.find()) {
            return engine.group(1);
        }
        if (command.contains("gateway.jar")) {
            return command.contains("MessengerCli") ? null : "gateway";
        }
        String name = Files.readString(process.resolve("comm")).trim();
        if (name.startsWith("redis-server")) {
            return "redis"; // with its launcher
        }
        if (name.startsWith("postgres")) {
            return "postgres"; // with its launcher, counted under the same name
        }
        return null;
    }

    private static double cpuSeconds(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the command: state is [0], utime [11], stime [12]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
