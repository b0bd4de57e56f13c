package dev.messenger.processing;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This node's name among the gateway nodes: the owner of the segments it claims in the token stores, and its
 * entry in the node registry. Axon's default owner is the JVM's name (pid@host), which two nodes share when
 * they run as pid 1 in containers of the same hostname, or as two application contexts in one JVM (as in the
 * tests): then both believe they hold the same segment and process it at once. So the JVM's name, for people
 * reading the token table, and a part unique to this start.
 */
@Component
public class GatewayNode {

    private final String name = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    public String name() {
        return name;
    }
}
