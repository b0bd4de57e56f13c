package dev.messenger.ops.bench;

import java.util.Optional;

/** Reads a text/event-stream line by line and hands out each complete event (comments skipped). */
final class SseParser {

    record Event(String id, String type, String data) {
    }

    private String id;
    private String type;
    private StringBuilder data;

    /** Feeds one line; returns the event that this line completes (an empty line ends an event). */
    Optional<Event> accept(String line) {
        if (line.isEmpty()) {
            Optional<Event> event = data == null ? Optional.empty() : Optional.of(new Event(id, type, data.toString()));
            id = null;
            type = null;
            data = null;
            return event;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry and unknown fields are ignored, as browsers do
            }
        }
        return Optional.empty();
    }
}
