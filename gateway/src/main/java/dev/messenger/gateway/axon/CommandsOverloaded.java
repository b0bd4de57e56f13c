package dev.messenger.gateway.axon;

import org.axonframework.common.AxonNonTransientException;

/**
 * A command refused before it was handled: its lane's queue is full (commands arrive faster than they are committed)
 * or the node is shutting down. Nothing was recorded; the client may send it again after a moment (a 503).
 */
public class CommandsOverloaded extends AxonNonTransientException {

    public CommandsOverloaded(boolean shuttingDown) {
        super(shuttingDown ? "this node is shutting down" : "too many commands are waiting to be handled");
    }
}
