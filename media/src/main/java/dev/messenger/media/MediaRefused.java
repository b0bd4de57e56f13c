package dev.messenger.media;

/** An upload that is not stored, and why; the web layer tells the client (415, 413, 400). */
public class MediaRefused extends RuntimeException {

    public enum Reason { UNSUPPORTED_TYPE, TOO_LARGE, EMPTY }

    private final Reason reason;

    public MediaRefused(Reason reason, String detail) {
        super(detail, null, false, false); // an answer to the client, not a fault: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
