package dev.messenger.gateway.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background job of every node that takes its work from PostgreSQL (leased rows, so that one node does each piece and
 * another takes over what a dead node held): a thread of its own, which every {@code poll} does all the work there is,
 * one piece after the other. Work is blocking (JDBC, and the engines' clients waited on), never on an event loop.
 */
public abstract class PollingWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

    private final String name;
    private final Duration poll;
    private ScheduledExecutorService worker;

    protected PollingWorker(String name, Duration poll) {
        this.name = name;
        this.poll = poll;
    }

    /** Does the next piece of work, if there is one; true when there was (then it is asked again at once). */
    protected abstract boolean workOnNext();

    /** Each round, once the work ran out. */
    protected void whenIdle() {
    }

    private void round() {
        try {
            while (workOnNext()) {
                // one piece after the other, until there is none
            }
            whenIdle();
        } catch (RuntimeException e) {
            log.warn("{}: cannot look for work (retrying every {}): {}", name, poll, e.toString());
        }
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::round, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
