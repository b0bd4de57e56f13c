package dev.messenger.gateway.observability;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.RecordedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One trace from the HTTP request through the command and the appended event into the projections. */
class TracingIT extends GatewayIntegrationTest {

    @Autowired
    RecordedSpans spans;

    @Test
    void aSendIsOneTraceFromTheRequestThroughTheCommandToTheProjections() {
        spans.clear(); // only this test's requests from here on
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "traced")).status()).isEqualTo(201);

        try {
            eventually(() -> {
            Optional<SpanData> request = spans.all().stream()
                    .filter(span -> span.getName().equals("http post /messages/send")).findFirst();
            if (request.isEmpty()) {
                return false;
            }
            List<String> names = spans.all().stream().filter(span -> span.getTraceId().equals(request.get().getTraceId()))
                    .map(SpanData::getName).toList();
            return names.containsAll(List.of("CommandBus.dispatchCommand(SendMessage)", "Conversation.handle(SendMessage,MessageDirectory)",
                    "EventBus.publishEvent(MessageSent)", "HistoryProjection.on(MessageSent)", "SearchProjection.on(MessageSent)"));
            }, "one trace with the request, the command and the history projection's handling");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; spans recorded: " + names(), e);
        }
    }

    private String names() {
        return spans.all().stream().map(span -> span.getTraceId().substring(0, 6) + ":" + span.getName()).distinct().limit(200)
                .collect(Collectors.joining(", "));
    }
}
