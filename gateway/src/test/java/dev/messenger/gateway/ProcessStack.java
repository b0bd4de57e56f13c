package dev.messenger.gateway;

import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Engines for the tests that run packaged gateways as processes of their own (several nodes, faults): apart
 * from {@link TestStack}, whose in-JVM gateway would otherwise be one more node. Started once per test JVM and
 * shared by those tests; the engines stop by themselves when the JVM is gone.
 */
public final class ProcessStack {

    private static LocalStack stack;

    private ProcessStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(StackSettings.forTests(Files.createTempDirectory("messenger-processes-")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
