package dev.messenger.gateway.web;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dispatches commands off the event loop: Axon's command bus loads the aggregate and appends to the
 * event store with blocking JDBC, so it runs on the bounded-elastic scheduler.
 */
@Component
public class Commands {

    private final CommandGateway gateway;

    public Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> Mono<R> send(Object command) {
        // the request's trace context (in the Reactor context) becomes the thread's while dispatching, so the
        // command's spans are children of the request's
        return Mono.<R>deferContextual(context -> {
            try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return Mono.fromFuture(gateway.<R>send(command));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
}
