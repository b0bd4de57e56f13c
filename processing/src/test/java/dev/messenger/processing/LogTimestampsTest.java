package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** The log's timestamps read by position give what Axon's parser gives, and anything else is Axon's parser's. */
class LogTimestampsTest {

    @Test
    void everyTimeAxonWritesIsReadAsAxonReadsIt() {
        Random random = new Random(21);
        for (int i = 0; i < 100_000; i++) {
            // from 1970 to 2200, to the nanosecond: Axon writes milliseconds
            Instant time = Instant.ofEpochSecond(random.nextLong(7_258_118_400L), random.nextInt(1_000_000_000));
            String written = DateTimeUtils.formatInstant(time);
            assertThat(LogTimestamps.parse(written)).as(written).isEqualTo(DateTimeUtils.parseInstant(written));
        }
        assertThat(LogTimestamps.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        assertThat(LogTimestamps.parse("1970-01-01T00:00:00.000Z")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void otherShapesAreLeftToAxonsParser() {
        assertThat(LogTimestamps.parse("2026-12-07T04:10:23Z")).isEqualTo(Instant.parse("2026-12-07T04:10:23Z"));
        assertThat(LogTimestamps.parse("2026-12-07T04:10:23.123456789Z")).isEqualTo(Instant.parse("2026-12-07T04:10:23.123456789Z"));
        assertThat(LogTimestamps.parse("2026-12-07T05:10:23.123+01:00")).isEqualTo(Instant.parse("2026-12-07T04:10:23.123Z"));
    }

    @Test
    void aTimeThatDoesNotExistIsRefusedAsAxonRefusesIt() {
        for (String impossible : new String[] {"2026-02-30T00:00:00.000Z", "2026-12-07T24:00:00.000Z", "2026-12-07T04:60:00.000Z",
                "2026-13-07T04:10:23.123Z", "2026-1x-07T04:10:23.123Z", "-026-12-07T04:10:23.123Z"}) {
            assertThatThrownBy(() -> LogTimestamps.parse(impossible)).as(impossible).isInstanceOf(DateTimeParseException.class);
        }
    }
}
