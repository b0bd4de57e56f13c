package dev.messenger.gateway.web;


/** The shape of an {@code Idempotency-Key}: any string of 1 to 128 characters. */
public final class IdempotencyKeys {

    public static final int MAX_LENGTH = 128;

    private IdempotencyKeys() {
    }

    public static void check(String key) {
        if (key != null && (key.isEmpty() || key.length() > MAX_LENGTH)) {
            throw ApiProblem.badRequest("Idempotency-Key must have 1 to " + MAX_LENGTH + " characters");
        }
    }
}
