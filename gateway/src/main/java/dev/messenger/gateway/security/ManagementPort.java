package dev.messenger.gateway.security;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The actuator's own port, when {@code management.server.port} gives it one (its server is a child context's, and
 * announces itself with the namespace "management"). Requests arriving there come from inside the cluster, probes
 * and Prometheus, and need no token; the API's port never serves the actuator then.
 */
@Component
public class ManagementPort {

    private final AtomicInteger port = new AtomicInteger(-1);

    @EventListener
    void started(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port.set(event.getWebServer().getPort());
        }
    }

    /** Whether the request came in on the management port. */
    public boolean received(ServerWebExchange exchange) {
        int management = port.get();
        var local = exchange.getRequest().getLocalAddress();
        return management > 0 && local != null && local.getPort() == management;
    }
}
