package dev.messenger.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.security.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A stream answers as soon as it opens: before, its status and headers went out with its first event, so a client
 * with nothing to receive showed "Connecting…" for a whole heartbeat period (15 s).
 */
class StreamStartIT extends GatewayIntegrationTest {

    @Autowired
    private TokenService tokens;

    @Test
    void anOpenedStreamAnswersBeforeItsFirstHeartbeatPeriodEnds() throws Exception {
        String userId = "u-start-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                .header("Authorization", "Bearer " + tokens.issue(userId, "start-" + userId.substring(8, 16), false).accessToken())
                .header("Accept", "text/event-stream").build();

        // the heartbeat period is 15 s: an answer within 5 s is the stream's own, not a heartbeat's
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(5, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        response.body().close();
    }
}
