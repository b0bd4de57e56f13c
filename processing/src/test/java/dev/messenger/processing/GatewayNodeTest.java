package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM (or two containers with the same pid and hostname) must not share a claim owner. */
class GatewayNodeTest {

    @Test
    void twoNodesOfOneJvmHaveDistinctNamesThatStillSayWhichJvm() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        String first = new GatewayNode().name();
        String second = new GatewayNode().name();
        assertThat(first).isNotEqualTo(second).startsWith(jvm + "/");
        assertThat(second).startsWith(jvm + "/");
        assertThat(first.length()).isLessThanOrEqualTo(255); // the token tables' owner column
    }
}
