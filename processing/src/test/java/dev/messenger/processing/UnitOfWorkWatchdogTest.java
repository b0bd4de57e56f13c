package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog around units of work: a stuck one is interrupted and fails, a quick one leaves nothing behind. */
class UnitOfWorkWatchdogTest {

    private final UnitOfWorkWatchdog watchdog = new UnitOfWorkWatchdog("test", Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(20));

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aUnitOfWorkStillRunningAfterTheLimitIsInterruptedAndFailsWithATimeout() {
        MessageHandler<Message<?>> stuck = message -> {
            Thread.sleep(30_000); // interrupted by the watchdog long before
            return "done";
        };
        long began = System.nanoTime();
        assertThatThrownBy(() -> run(stuck)).isInstanceOf(AxonTimeoutException.class).hasMessageContaining("test");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt left on the thread").isFalse();
        assertThat(watchdog.running()).isZero();
    }

    @Test
    void aHandlerThatSwallowsTheInterruptStillFails() {
        MessageHandler<Message<?>> swallowing = message -> {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return "pretends all is well";
                }
            }
            return "never interrupted";
        };
        assertThatThrownBy(() -> run(swallowing)).isInstanceOf(AxonTimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aQuickUnitOfWorkIsLeftAloneAndForgotten() throws Exception {
        assertThat(run(message -> "quick")).isEqualTo("quick");
        Thread.sleep(400); // past the interrupt limit: nothing of it may still be watched
        assertThat(watchdog.running()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private Object run(MessageHandler<Message<?>> handler) throws Exception {
        UnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("work"));
        var result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(watchdog), handler).proceed());
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
        return result.getPayload();
    }
}
