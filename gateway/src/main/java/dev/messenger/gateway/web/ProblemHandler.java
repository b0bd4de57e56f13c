package dev.messenger.gateway.web;

import dev.messenger.command.RuleViolation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error as RFC 9457 problem+json: {@code type, title, status, detail}, plus {@code errors} for
 * validation. Never a stack trace; a 500 only for a real server fault, logged without request bodies.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ResponseEntity<ProblemDetail> response = problem(problem.status(), problem.type(), problem.getMessage());
        return problem.retryAfterSeconds() == null ? response : retryAfter(response, problem.retryAfterSeconds());
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation violation) {
        return switch (violation.kind()) {
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, type("not-found"), violation.getMessage());
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, type("forbidden"), violation.getMessage());
            case BLOCKED -> problem(HttpStatus.FORBIDDEN, type("blocked"), violation.getMessage());
            case INVALID -> problem(HttpStatus.BAD_REQUEST, type("invalid-request"), violation.getMessage());
            case CONFLICT -> problem(HttpStatus.CONFLICT, type("conflict"), violation.getMessage());
            case RETRY_KEY_REUSED -> problem(HttpStatus.UNPROCESSABLE_ENTITY, type("idempotency-key-reused"), violation.getMessage());
        };
    }

    @ExceptionHandler(dev.messenger.query.search.SearchUnavailable.class)
    ResponseEntity<ProblemDetail> searchUnavailable(dev.messenger.query.search.SearchUnavailable e) {
        log.warn("search unavailable: {}", e.getCause() == null ? "" : e.getCause().toString());
        return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, type("search-unavailable"),
                "search is unavailable for the moment; everything else works, and no message will be missing when it is back"), 10);
    }

    /** Commands arrive faster than this node commits them (its lanes' queues are full), or it is shutting down. */
    @ExceptionHandler(dev.messenger.gateway.axon.CommandsOverloaded.class)
    ResponseEntity<ProblemDetail> commandsOverloaded(dev.messenger.gateway.axon.CommandsOverloaded e) {
        return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, type("unavailable"),
                "the server is too busy to take this request now; nothing was recorded, try again shortly"), 1);
    }

    /** A Content-Type that is not a media type at all. */
    @ExceptionHandler({org.springframework.util.InvalidMimeTypeException.class, org.springframework.http.InvalidMediaTypeException.class})
    ResponseEntity<ProblemDetail> invalidMediaType(RuntimeException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, type("unsupported-media-type"), "the Content-Type is not a valid media type");
    }

    /** A body that cannot be decoded as it claims to be (a multipart body without its boundary, say). */
    @ExceptionHandler(org.springframework.core.codec.DecodingException.class)
    ResponseEntity<ProblemDetail> undecodable(org.springframework.core.codec.DecodingException e) {
        return problem(HttpStatus.BAD_REQUEST, type("invalid-request"), "the request body cannot be read as its Content-Type says");
    }

    /**
     * Text PostgreSQL cannot store (a NUL character, SQLSTATE 22021 or 22P05) is the request's fault: 400. Every
     * other database failure stays a 500.
     */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(org.springframework.dao.DataAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return problem(HttpStatus.BAD_REQUEST, type("invalid-request"), "the request holds characters that are not allowed (NUL)");
            }
        }
        return unexpected(e);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, type("not-found"), "no such conversation");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Throwable cause = e.getCause();
        if (e instanceof java.util.concurrent.CompletionException && cause instanceof Exception inner) {
            return dispatch(inner);
        }
        if (cause instanceof RuleViolation || cause instanceof AggregateNotFoundException || cause instanceof ApiProblem
                || cause instanceof org.springframework.dao.DataAccessException
                || cause instanceof dev.messenger.query.search.SearchUnavailable
                || cause instanceof dev.messenger.gateway.axon.CommandsOverloaded) {
            return dispatch((Exception) cause);
        }
        Throwable unreachable = unreachableEngine(e);
        if (unreachable != null) {
            log.warn("request failed, an engine is unreachable: {}", unreachable.toString());
            return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, type("unavailable"),
                    "a store behind this request is unreachable for the moment; try again shortly"), 5);
        }
        log.error("request failed: {}", e.toString(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, type("internal"), "the server could not complete the request");
    }

    /**
     * The failure (or a cause of it) that says an engine could not be reached or did not answer in time: the
     * request may well succeed a moment later, so it is a 503, not a server fault.
     */
    @Nullable
    static Throwable unreachableEngine(Throwable e) {
        // the same judgement the projections make of their stores (a dropped connection, a crashed PostgreSQL, a timeout)
        if (dev.messenger.projections.support.WriteFailures.isUnavailable(e)) {
            return e;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof com.mongodb.MongoTimeoutException || cause instanceof com.mongodb.MongoSocketException
                    || cause instanceof org.redisson.client.RedisConnectionException
                    || cause instanceof org.redisson.client.RedisTimeoutException
                    || cause instanceof org.springframework.dao.DataAccessResourceFailureException
                    || cause instanceof java.net.ConnectException) {
                return cause;
            }
        }
        return null;
    }

    private ResponseEntity<ProblemDetail> dispatch(Exception e) {
        if (e instanceof ApiProblem p) {
            return apiProblem(p);
        }
        if (e instanceof RuleViolation v) {
            return ruleViolation(v);
        }
        if (e instanceof AggregateNotFoundException a) {
            return aggregateNotFound(a);
        }
        if (e instanceof org.springframework.dao.DataAccessException d) {
            return dataAccess(d);
        }
        if (e instanceof dev.messenger.query.search.SearchUnavailable s) {
            return searchUnavailable(s);
        }
        if (e instanceof dev.messenger.gateway.axon.CommandsOverloaded o) {
            return commandsOverloaded(o);
        }
        return unexpected(e);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex, HttpHeaders headers,
                                                                        HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request has invalid fields");
        body.setType(type("validation"));
        body.setTitle("Invalid request");
        List<Map<String, String>> errors = ex.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage()))
                .toList();
        body.setProperty("errors", errors);
        return Mono.just(ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body));
    }

    /**
     * A body that is not the JSON the operation takes says where it went wrong (the field, when Jackson knows
     * it), never how the server is built.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(org.springframework.web.server.ServerWebInputException ex,
                                                                        HttpHeaders headers, HttpStatusCode status,
                                                                        ServerWebExchange exchange) {
        Throwable cause = ex.getCause();
        while (cause != null && !(cause instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return super.handleServerWebInputException(ex, headers, status, exchange);
        }
        String detail = "the request body is not valid JSON of the expected shape";
        if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            detail = "the request body's " + field + (cause instanceof WellFormedText.IllFormedText
                    ? " is not well-formed Unicode text (a lone surrogate)" : " is not of the expected type");
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        body.setType(type("invalid-request"));
        return Mono.just(ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body));
    }

    /** Spring's own 4xx (malformed JSON, wrong method, unknown path ...) get a type of ours too. */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
                                                               HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail detail && URI.create("about:blank").equals(detail.getType())) {
            detail.setType(type(status.is4xxClientError() ? "invalid-request" : "internal"));
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    static URI type(String slug) {
        return ApiProblem.typeUri(slug);
    }

    private static ResponseEntity<ProblemDetail> retryAfter(ResponseEntity<ProblemDetail> problem, long seconds) {
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).body(problem.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
