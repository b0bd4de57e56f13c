package dev.messenger.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.security.TokenService;
import dev.messenger.projections.feed.FeedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One gateway node holds many more open streams than Redisson's default pub/sub pool allows (five
 * channels per connection, fifty connections: 125 streams of two channels each), and every one of
 * them receives its user's feed entries.
 */
class StreamCapacityIT extends GatewayIntegrationTest {

    private static final int STREAMS = 300;

    @Autowired
    private TokenService tokens;

    @Autowired
    private FeedWriter feed;

    @Test
    void everyOneOfThreeHundredStreamsOnOneNodeReceivesItsFeed() {
        HttpClient client = HttpClient.newHttpClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> users = new ArrayList<>();
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<Flow.Subscription> streams = new CopyOnWriteArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            String userId = "u-capacity-" + run + "-" + i;
            users.add(userId);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                    .header("Authorization", "Bearer " + tokens.issue(userId, "capacity" + i, false).accessToken())
                    .header("Accept", "text/event-stream").build();
            client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    streams.add(subscription);
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("data:") && line.contains("capacity-probe")) {
                        received.add(userId);
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            }));
        }
        try {
            // an entry goes to every stream that has not had one yet, again until each has (a stream subscribes
            // to its channel a moment after it opens)
            long[] sequence = {0};
            ApiClient.eventually(() -> {
                sequence[0]++;
                for (String userId : users) {
                    if (!received.contains(userId)) {
                        feed.append(Set.of(userId), "c-capacity-" + run, sequence[0], "message.sent",
                                "{\"capacity-probe\":" + sequence[0] + "}");
                    }
                }
                sleep();
                return received.size() == STREAMS;
            }, "an entry on every one of " + STREAMS + " streams", Duration.ofSeconds(60));
            assertThat(received).hasSize(STREAMS);
        } finally {
            streams.forEach(Flow.Subscription::cancel);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
