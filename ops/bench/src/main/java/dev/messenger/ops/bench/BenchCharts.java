package dev.messenger.ops.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The benchmarks' charts, drawn with JFreeChart into SVG files next to their numbers ({@code ops/results/<name>-*.svg}):
 * the latency distribution (by percentile, on a scale where each step is one more nine) and throughput over time.
 */
final class BenchCharts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    /** The percentiles drawn: up to 99.99 (a step of the x axis is one more nine). */
    private static final double MOST_NINES = 4;

    private BenchCharts() {
    }

    /** Messages counted per second since the load began (seconds past the end are dropped). */
    static final class Timeline {
        private final long startNanos;
        private final AtomicLongArray counts;

        Timeline(long startNanos, int seconds) {
            this.startNanos = startNanos;
            this.counts = new AtomicLongArray(seconds);
        }

        void count(long nowNanos) {
            long second = TimeUnit.NANOSECONDS.toSeconds(nowNanos - startNanos);
            if (second >= 0 && second < counts.length()) {
                counts.incrementAndGet((int) second);
            }
        }

        long at(int second) {
            return counts.get(second);
        }

        int seconds() {
            return counts.length();
        }
    }

    /** Latency by percentile, one line per histogram (microseconds recorded, milliseconds drawn). */
    static Path latencyDistribution(Path dir, String name, Map<String, Histogram> histograms) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        histograms.forEach((label, histogram) -> {
            XYSeries series = new XYSeries(label);
            if (histogram.getTotalCount() > 0) {
                for (double nines = 0; nines <= MOST_NINES + 1e-9; nines += 0.05) {
                    double percentile = 100 * (1 - Math.pow(10, -nines));
                    series.add(nines, histogram.getValueAtPercentile(percentile) / 1000.0);
                }
            }
            data.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(name + ": latency by percentile", "percentile",
                "milliseconds", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        NumberAxis percentiles = (NumberAxis) plot.getDomainAxis();
        percentiles.setRange(0, MOST_NINES);
        percentiles.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        percentiles.setNumberFormatOverride(new NinesFormat());
        style(plot);
        return write(chart, dir.resolve(name + "-latency.svg"));
    }

    /** Messages per second over the run, one line per timeline; a marker where the measured part begins. */
    static Path throughputOverTime(Path dir, String name, Map<String, Timeline> timelines, int measuredFromSecond)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        timelines.forEach((label, timeline) -> {
            XYSeries series = new XYSeries(label);
            for (int second = 0; second < timeline.seconds(); second++) {
                series.add(second, timeline.at(second));
            }
            data.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(name + ": throughput", "seconds since the load began",
                "messages per second", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ValueMarker measured = new ValueMarker(measuredFromSecond, Color.GRAY, new BasicStroke(1f));
        measured.setLabel("measured from here");
        measured.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT); // right of the line, at the top
        measured.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        measured.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 4));
        plot.addDomainMarker(measured);
        style(plot);
        return write(chart, dir.resolve(name + "-throughput.svg"));
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int series = 0; series < plot.getDataset().getSeriesCount(); series++) {
            plot.getRenderer().setSeriesStroke(series, new BasicStroke(2f));
        }
    }

    private static Path write(JFreeChart chart, Path file) throws IOException {
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
        Files.createDirectories(file.getParent());
        Files.writeString(file, svg.getSVGDocument());
        return file;
    }

    /** A tick on the nines scale as the percentile it stands for: 0 → 0, 1 → 90, 2 → 99, 3 → 99.9. */
    static final class NinesFormat extends NumberFormat {
        private static final DecimalFormat PERCENT = new DecimalFormat("0.####");

        @Override
        public StringBuffer format(double nines, StringBuffer to, FieldPosition position) {
            return to.append(PERCENT.format(100 * (1 - Math.pow(10, -nines))));
        }

        @Override
        public StringBuffer format(long nines, StringBuffer to, FieldPosition position) {
            return format((double) nines, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("a chart's labels are only written");
        }
    }
}
