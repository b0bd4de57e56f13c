package dev.messenger.events.upcasting;

import java.util.List;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** Every upcaster, oldest revision change first: the one list the event store and the replay export both use. */
public final class Upcasters {

    private Upcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(List.of(new MessageSentUpcaster()));
    }
}
