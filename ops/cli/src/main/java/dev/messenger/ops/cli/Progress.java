package dev.messenger.ops.cli;

import java.io.PrintStream;

/**
 * One line of progress for a long task, redrawn in place: {@code name [#####.....] done/total unit, rate unit/s, time left}
 * (without a total, as when the size of an export is not known beforehand: {@code name done unit, rate unit/s}). The
 * rate counts from the first figure shown (what was done before the task started, a rebuild's start position, is no
 * part of it). Redrawn at most every quarter of a second, on standard error unless told otherwise, so that a task
 * writing its results to standard output keeps them apart.
 */
public final class Progress {

    private static final int WIDTH = 40;

    private final String name;
    private final String unit;
    private final long startCount;
    private final long startNanos = System.nanoTime();
    private final PrintStream out;
    private long lastShown;

    public Progress(String name, String unit, long startCount) {
        this(name, unit, startCount, System.err);
    }

    public Progress(String name, String unit, long startCount, PrintStream out) {
        this.name = name;
        this.unit = unit;
        this.startCount = startCount;
        this.out = out;
    }

    /** Redraws the line ({@code total} 0 or less: not known); at most every quarter of a second. */
    public void show(long done, long total) {
        long now = System.nanoTime();
        if (now - lastShown < 250_000_000L && lastShown != 0) {
            return;
        }
        lastShown = now;
        out.print("\r" + line(done, total, seconds()) + "   ");
        out.flush();
    }

    /** Ends the line: {@code what} (e.g. "caught up") and how long it took. */
    public void done(String what) {
        out.printf("%n%s after %.1f s%n", what, seconds());
    }

    private double seconds() {
        return Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
    }

    /** The line for {@code done} of {@code total} after {@code seconds}. */
    String line(long done, long total, double seconds) {
        double rate = (done - startCount) / seconds;
        if (total <= 0) {
            return String.format("%s %d %s, %.0f %s/s", name, done, unit, rate, unit);
        }
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        String left = rate > 0 && total > done ? String.format(", %s left", duration((total - done) / rate)) : "";
        return String.format("%s [%s%s] %d/%d %s, %.0f %s/s%s", name, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, unit,
                rate, unit, left);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
