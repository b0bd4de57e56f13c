package dev.messenger.gateway.web;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Dispatches commands: the command bus only queues them for its lanes (group commit,
 * {@link dev.messenger.gateway.axon.GroupCommitCommandBus}), where the blocking JDBC work happens, so dispatching
 * runs on the caller's thread, the event loop included; the answer comes once the command's transaction committed.
 */
@Component
public class Commands {

    private final CommandGateway gateway;

    public Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> Mono<R> send(Object command) {
        // the request's trace context (in the Reactor context) becomes the thread's while dispatching, where the bus
        // takes it along to the lane, so the command's spans are children of the request's
        return Mono.<R>deferContextual(context -> {
            try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return Mono.fromFuture(gateway.<R>send(command));
            }
        });
    }

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
}
