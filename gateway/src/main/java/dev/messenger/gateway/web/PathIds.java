package dev.messenger.gateway.web;

/** Ids in a request's path: opaque, and at most {@link #MAX_LENGTH} characters (as everywhere in the API), else 400. */
public final class PathIds {

    public static final int MAX_LENGTH = 128;

    private PathIds() {
    }

    public static void requireShort(String... ids) {
        for (String id : ids) {
            if (id.length() > MAX_LENGTH) {
                throw ApiProblem.badRequest("ids have at most " + MAX_LENGTH + " characters");
            }
        }
    }
}
