package dev.messenger.processing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nonnull;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a unit of work (a command, a processor batch) still running after {@code warnAfter}, with the stack of
 * the thread where it is stuck, again every {@code warnAfter}; interrupts it after {@code interruptAfter} and fails it
 * with Axon's {@link AxonTimeoutException}. It replaces Axon's own unit-of-work timeout, which does the same with two
 * timer tasks per unit of work and reads the whole stack of the thread at its start only to name the caller: that read
 * alone was 2.2% of the gateway's CPU under load. Here a unit of work costs a map entry, and one sweep a second looks
 * at the running ones; a stack is read only from a thread that is stuck, where it tells more.
 */
public final class UnitOfWorkWatchdog implements MessageHandlerInterceptor<Message<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnitOfWorkWatchdog.class);
    private static final String RESOURCE = UnitOfWorkWatchdog.class.getName();

    /** One running unit of work: where, since when, and whether it was already interrupted. */
    static final class Running {
        final String component;
        final Thread thread;
        final long startedNanos;
        long nextWarningNanos;
        volatile boolean interrupted;
        /** Guarded by this: once done, the thread serves other work and is never interrupted for this one. */
        boolean done;

        Running(String component, Thread thread, long startedNanos, long nextWarningNanos) {
            this.component = component;
            this.thread = thread;
            this.startedNanos = startedNanos;
            this.nextWarningNanos = nextWarningNanos;
        }
    }

    private final String component;
    private final long warnAfterNanos;
    private final long interruptAfterNanos;
    private final Map<Running, Boolean> running;
    private final ScheduledExecutorService sweeper;

    /** A watchdog with a sweeper thread of its own, sweeping every {@code sweepEvery}. */
    public UnitOfWorkWatchdog(String component, Duration warnAfter, Duration interruptAfter, Duration sweepEvery) {
        this(component, warnAfter, interruptAfter, new ConcurrentHashMap<>(), sweeperThread(sweepEvery));
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private UnitOfWorkWatchdog(String component, Duration warnAfter, Duration interruptAfter, Map<Running, Boolean> running,
                               ScheduledExecutorService sweeper) {
        this.component = component;
        this.warnAfterNanos = warnAfter.toNanos();
        this.interruptAfterNanos = interruptAfter.toNanos();
        this.running = running;
        this.sweeper = sweeper;
    }

    /** The same watchdog (and sweeper) for another component, e.g. each event processor. */
    public UnitOfWorkWatchdog forComponent(String name) {
        return new UnitOfWorkWatchdog(name, Duration.ofNanos(warnAfterNanos), Duration.ofNanos(interruptAfterNanos), running, sweeper);
    }

    private static ScheduledExecutorService sweeperThread(Duration sweepEvery) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "unit-of-work-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends Message<?>> unitOfWork, @Nonnull InterceptorChain interceptorChain) throws Exception {
        UnitOfWork<?> root = unitOfWork.root();
        Running task = (Running) root.resources().get(RESOURCE);
        if (task == null) {
            long now = System.nanoTime();
            Running started = new Running(component, Thread.currentThread(), now, now + warnAfterNanos);
            root.resources().put(RESOURCE, started);
            running.put(started, Boolean.TRUE);
            root.onCleanup(u -> finished(started));
            task = started;
        }
        try {
            Object result = interceptorChain.proceed();
            if (task.interrupted) {
                Thread.interrupted(); // the handler swallowed the interrupt: fail the unit of work all the same
                throw timedOut(task);
            }
            return result;
        } catch (Exception e) {
            if (task.interrupted) {
                Thread.interrupted();
                AxonTimeoutException timeout = timedOut(task);
                timeout.addSuppressed(e);
                throw timeout;
            }
            throw e;
        }
    }

    private void finished(Running task) {
        running.remove(task);
        synchronized (task) {
            task.done = true;
            if (task.interrupted) {
                Thread.interrupted(); // an interrupt that came as it finished must not hit the thread's next work
            }
        }
    }

    private AxonTimeoutException timedOut(Running task) {
        return new AxonTimeoutException("unit of work of " + task.component + " interrupted after "
                + TimeUnit.NANOSECONDS.toMillis(interruptAfterNanos) + " ms");
    }

    /** Warns about and interrupts the units of work that are past their limits. */
    void sweep() {
        long now = System.nanoTime();
        for (Running task : running.keySet()) {
            long age = now - task.startedNanos;
            if (age >= interruptAfterNanos && !task.interrupted) {
                synchronized (task) {
                    if (task.done) {
                        continue;
                    }
                    task.interrupted = true;
                    task.thread.interrupt();
                }
                log.warn("unit of work of {} on {} still running after {} ms: interrupted it", task.component, task.thread.getName(),
                        TimeUnit.NANOSECONDS.toMillis(age));
            } else if (age >= warnAfterNanos && now >= task.nextWarningNanos && !task.interrupted) {
                task.nextWarningNanos = now + warnAfterNanos;
                log.warn("unit of work of {} on {} still running after {} ms, at:{}", task.component, task.thread.getName(),
                        TimeUnit.NANOSECONDS.toMillis(age), stack(task.thread));
            }
        }
    }

    /** How many units of work are running now (for tests). */
    int running() {
        return running.size();
    }

    private static String stack(Thread thread) {
        StringBuilder text = new StringBuilder();
        StackTraceElement[] frames = thread.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 40); i++) {
            text.append(System.lineSeparator()).append("\tat ").append(frames[i]);
        }
        return text.toString();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
