package dev.messenger.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The benchmark charts are SVG documents that show what was measured: their series, their axes, their numbers. */
class BenchChartsTest {

    @TempDir
    Path dir;

    @Test
    void theLatencyChartIsAnSvgWithASeriesPerHistogramAndPercentilesOnItsAxis() throws Exception {
        Histogram fast = new Histogram(3);
        Histogram slow = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) {
            fast.recordValue(1_000 + i);           // 1 to 11 ms
            slow.recordValue(250_000 + 10L * i);   // 250 to 350 ms
        }
        Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("fast sends", fast);
        series.put("slow deliveries", slow);

        Path chart = BenchCharts.latencyDistribution(dir, "run-1", series);

        assertThat(chart).hasFileName("run-1-latency.svg");
        List<String> texts = texts(svg(chart));
        assertThat(texts).contains("fast sends", "slow deliveries", "run-1: latency by percentile", "percentile");
        assertThat(texts).contains("0", "90", "99", "99.9", "99.99"); // the nines scale, labelled as percentiles
        assertThat(texts).contains("300"); // the slow series reaches the range axis's hundreds
    }

    @Test
    void theThroughputChartShowsEachSecondAndWhereTheMeasuredPartBegins() throws Exception {
        long start = System.nanoTime();
        BenchCharts.Timeline sends = new BenchCharts.Timeline(start, 4);
        for (int second = 0; second < 4; second++) {
            for (int i = 0; i < 100 * (second + 1); i++) {
                sends.count(start + TimeUnit.SECONDS.toNanos(second) + i);
            }
        }
        sends.count(start + TimeUnit.SECONDS.toNanos(9)); // past the end: not counted
        assertThat(sends.at(3)).isEqualTo(400);

        Path chart = BenchCharts.throughputOverTime(dir, "run-2", Map.of("sends accepted", sends), 2);

        List<String> texts = texts(svg(chart));
        assertThat(texts).contains("sends accepted", "measured from here", "seconds since the load began", "400");
    }

    private static Document svg(Path file) throws Exception {
        assertThat(Files.size(file)).isGreaterThan(1_000);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG names the W3C's DTD: not fetched (no network in a test, and nothing of it is needed)
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        return document;
    }

    private static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
