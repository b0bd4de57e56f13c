package dev.messenger.gateway.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time a command is stamped with: millisecond precision, as every time in the API and the read models. */
public final class RequestTime {

    private RequestTime() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
