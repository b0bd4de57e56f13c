package dev.messenger.gateway.feed;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends every open event stream when the gateway shuts down, before the web server's graceful shutdown
 * waits for requests to finish (an SSE stream never would). Clients reconnect with Last-Event-ID to
 * another node and miss nothing.
 */
@Component
public class StreamsShutdown implements ApplicationListener<ContextClosedEvent> {

    private final Sinks.Empty<Void> closing = Sinks.empty();

    public Mono<Void> signal() {
        return closing.asMono();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing.tryEmitEmpty();
    }
}
