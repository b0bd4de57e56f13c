package dev.messenger.gateway.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served as asked, answered as {@code application/problem+json} with a
 * stable {@code type} (clients branch on it, e.g. {@code .../blocked}).
 */
public class ApiProblem extends RuntimeException {

    /** The base of every problem type unless an operator sets another ({@link ProblemProperties}). */
    public static final String TYPE_BASE = "https://messenger.dev/problems/";

    private static volatile String base = TYPE_BASE;

    private final HttpStatus status;
    private final String type;
    private final Long retryAfterSeconds;

    public ApiProblem(HttpStatus status, String type, String detail) {
        this(status, type, detail, null);
    }

    private ApiProblem(HttpStatus status, String type, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429, with how long to wait before trying again. */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail, retryAfterSeconds);
    }

    /** 503: the server is at capacity for this kind of work; try again after that many seconds. */
    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, retryAfterSeconds);
    }

    /** Seconds for the Retry-After header, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return typeUri(type);
    }

    /** The URI of a problem type: the configured base and its name (a section of docs/problems.md). */
    public static URI typeUri(String name) {
        return URI.create(base + name);
    }

    /** Set once at start from {@code messenger.problems.base-uri}. */
    static void useBase(String configured) {
        base = configured.endsWith("/") ? configured : configured + "/";
    }
}
