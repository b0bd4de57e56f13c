package dev.messenger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Which failures are the server's fault (500) and which say an engine is out of reach for now (503). */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler();

    @Test
    void anEngineThatDoesNotAnswerIsA503WithRetryAfter() {
        ResponseEntity<ProblemDetail> response = handler.unexpected(new IllegalStateException("listing failed",
                new MongoTimeoutException("Timed out while waiting for a server")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody().getType().toString()).endsWith("/unavailable");
        assertThat(response.getBody().getDetail()).doesNotContain("Mongo");
    }

    @Test
    void anUnreachableEngineBehindACommandIsA503Too() {
        ResponseEntity<ProblemDetail> response = handler.unexpected(new CompletionException(
                new org.springframework.dao.DataAccessResourceFailureException("no connection")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aCommandRefusedBecauseTheQueuesAreFullIsA503ToTryAgainInASecond() {
        ResponseEntity<ProblemDetail> response = handler.unexpected(new CompletionException(
                new dev.messenger.gateway.axon.CommandsOverloaded(false)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody().getType().toString()).endsWith("/unavailable");
    }

    @Test
    void anyOtherFailureIsA500() {
        ResponseEntity<ProblemDetail> response = handler.unexpected(new IllegalStateException("a bug"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }
}
