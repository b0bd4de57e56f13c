package dev.messenger.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final Progress progress = new Progress("history", "events", 1_000, new PrintStream(new ByteArrayOutputStream()));

    @Test
    void aKnownTotalShowsABarTheRateAndTheTimeLeft() {
        assertThat(progress.line(6_000, 11_000, 2.0)).isEqualTo(
                "history [#####################...................] 6000/11000 events, 2500 events/s, 2 s left");
    }

    @Test
    void theRateCountsFromTheFirstFigureAndNothingIsLeftAtTheEnd() {
        assertThat(progress.line(11_000, 11_000, 4.0)).isEqualTo(
                "history [########################################] 11000/11000 events, 2500 events/s");
    }

    @Test
    void longWaitsReadInMinutesAndHours() {
        assertThat(progress.line(1_100, 1_000_000, 1.0)).endsWith("100 events/s, 2 h 46 min left");
        assertThat(progress.line(1_100, 10_000, 1.0)).endsWith("100 events/s, 1 min 29 s left");
    }

    @Test
    void anUnknownTotalShowsTheCountAndTheRate() {
        assertThat(progress.line(5_000, 0, 2.0)).isEqualTo("history 5000 events, 2000 events/s");
    }

    @Test
    void theLineIsRedrawnInPlaceOnTheStreamItWasGiven() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress shown = new Progress("replay", "events", 0, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        shown.show(10, 0);
        shown.done("exported");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\rreplay 10 events").contains("exported after");
    }
}
