package dev.messenger.gateway.web;

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
        return Mono.defer(() -> Mono.<R>fromFuture(gateway.send(command))).subscribeOn(Schedulers.boundedElastic());
    }
}
