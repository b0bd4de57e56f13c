package dev.messenger.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseParser.Event> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.accept(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void anEventEndsAtAnEmptyLine() {
        assertThat(parse("id:7", "event:message.sent", "data:{\"a\":1}", ""))
                .containsExactly(new SseParser.Event("7", "message.sent", "{\"a\":1}"));
    }

    @Test
    void commentsAndHeartbeatsAreNotEvents() {
        assertThat(parse(":keepalive", "", ":keepalive", "")).isEmpty();
    }

    @Test
    void severalDataLinesJoinWithNewlines() {
        assertThat(parse("event: typing", "data: one", "data: two", "")).containsExactly(new SseParser.Event(null, "typing", "one\ntwo"));
    }

    @Test
    void anEventWithoutIdKeepsNoIdFromTheOneBefore() {
        List<SseParser.Event> events = parse("id:1", "data:a", "", "data:b", "");
        assertThat(events).extracting(SseParser.Event::id).containsExactly("1", null);
    }
}
