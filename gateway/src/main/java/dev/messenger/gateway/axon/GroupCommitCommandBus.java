package dev.messenger.gateway.axon;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.annotation.Nonnull;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageDispatchInterceptorSupport;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptorSupport;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: commands that queue up while a transaction is being committed share the next one. Each command is
 * routed by its aggregate to one of a few lanes (a thread each, so one aggregate's commands keep their order and never
 * wait for each other's locks); a lane takes whatever has queued, up to {@code groupSize} commands, and handles them
 * one after the other in nested units of work of one root unit of work with one transaction. Axon moves a nested
 * unit's events to its root, so the group's events are appended in one batch and committed (and fsynced) once; the
 * callbacks, and with them the 201s, are only answered once that commit has succeeded.
 *
 * <p>A command that fails (a rule it breaks) ends its group there: the ones before it are committed, its failure is
 * answered, and the ones after it start a new group, so each command is judged on the state its predecessors left, as
 * if they had run one at a time (its aggregate, which may hold what it applied before failing, is dropped from the
 * cache by Axon's rollback of its nested unit, as it would be alone). A failure that was an SQL error has left
 * PostgreSQL's transaction aborted, where a COMMIT only rolls back (the JDBC driver need not say so); but the group's
 * events are only appended as the root commits, after every command was handled, and that append then fails, failing
 * the group: no command is answered as recorded unless it is (GroupCommitIT). When the commit itself fails (a lost
 * append race with another node), every command of the group gets that failure (a race is a retryable
 * ConcurrencyException) and Axon's rollback evicts the group's aggregates from the cache.
 *
 * <p>Dispatching only queues the command, so it never blocks the caller; a lane whose queue is full refuses new
 * commands ({@link CommandsOverloaded}) rather than letting the backlog grow without bound.
 */
public final class GroupCommitCommandBus implements CommandBus, MessageHandlerInterceptorSupport<CommandMessage<?>>,
        MessageDispatchInterceptorSupport<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
    private static final Message<?> GROUP = GenericMessage.asMessage("group commit");

    private final CommandBus local;
    private final TransactionManager transactions;
    private final BiFunction<CommandMessage<?>, Integer, Integer> router;
    private final int groupSize;
    private final Lane[] lanes;
    private final DistributionSummary groupSizes;
    private volatile boolean closed;

    /**
     * @param local        the bus that handles one command in its own unit of work ({@code SimpleCommandBus}); it is
     *                     called on the lanes' threads, nested in a group's unit of work when the group has more than one
     * @param transactions the transaction a group's root unit of work runs in
     * @param router       the lane of a command, given the number of lanes (the same aggregate: the same lane)
     */
    public GroupCommitCommandBus(CommandBus local, TransactionManager transactions,
                                 BiFunction<CommandMessage<?>, Integer, Integer> router, int lanes, int groupSize,
                                 int queueCapacity, MeterRegistry meters) {
        this.local = local;
        this.transactions = transactions;
        this.router = router;
        this.groupSize = groupSize;
        this.groupSizes = DistributionSummary.builder("messenger.commands.group.size")
                .description("commands committed in one transaction").register(meters);
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i, queueCapacity);
        }
        meters.gauge("messenger.commands.queued", this.lanes, all -> {
            int queued = 0;
            for (Lane lane : all) {
                queued += lane.queue.size();
            }
            return queued;
        });
    }

    @Override
    public <C> void dispatch(@Nonnull CommandMessage<C> command) {
        dispatch(command, (message, result) -> {
            if (result.isExceptional()) {
                log.warn("command {} failed: {}", message.getCommandName(), result.exceptionResult().toString());
            }
        });
    }

    @Override
    public <C, R> void dispatch(@Nonnull CommandMessage<C> command, @Nonnull CommandCallback<? super C, ? super R> callback) {
        // the caller's trace context goes with the command, so that its spans stay children of the request's
        Pending<C, R> pending = new Pending<>(command, callback, SNAPSHOTS.captureAll());
        Lane lane = lanes[Math.floorMod(router.apply(command, lanes.length), lanes.length)];
        if (closed || !lane.queue.offer(pending)) {
            callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(new CommandsOverloaded(closed)));
        }
    }

    @Override
    public Registration subscribe(@Nonnull String commandName, @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
        return local.subscribe(commandName, handler);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Registration registerHandlerInterceptor(@Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return ((MessageHandlerInterceptorSupport<CommandMessage<?>>) local).registerHandlerInterceptor(interceptor);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Registration registerDispatchInterceptor(
            @Nonnull MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return ((MessageDispatchInterceptorSupport<CommandMessage<?>>) local).registerDispatchInterceptor(interceptor);
    }

    /** Stops taking commands, handles what has queued, and waits (up to ten seconds a lane) for the lanes to end. */
    public void shutdown() throws InterruptedException {
        closed = true;
        for (Lane lane : lanes) {
            lane.thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private final class Lane implements Runnable {

        private final BlockingQueue<Pending<?, ?>> queue;
        private final Thread thread;

        Lane(int number, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "command-lane-" + number);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        @Override
        public void run() {
            List<Pending<?, ?>> group = new ArrayList<>(groupSize);
            while (true) {
                Pending<?, ?> first;
                try {
                    // a timed wait, so that a shutdown is noticed without interrupting a lane inside a JDBC call
                    first = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // an interrupt meant for a command (the unit-of-work watchdog's) that came late: the lane goes on
                    continue;
                }
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, groupSize - 1);
                try {
                    handle(group);
                } catch (Throwable e) {
                    // never expected (each command's failure goes to its callback), but a lane must not die
                    log.error("command lane failed", e);
                } finally {
                    group.clear();
                }
            }
        }
    }

    private void handle(List<Pending<?, ?>> group) {
        groupSizes.record(group.size());
        if (group.size() == 1) {
            Pending<?, ?> alone = group.get(0);
            try (ContextSnapshot.Scope scope = alone.context.setThreadLocals()) {
                alone.dispatchTo(local, alone.callback);
            }
            return;
        }
        int next = 0;
        while (next < group.size()) {
            next = commit(group, next);
        }
    }

    /** Handles the group's commands from {@code start} in one transaction; returns where the next transaction starts. */
    private int commit(List<Pending<?, ?>> group, int start) {
        List<Answer> handled = new ArrayList<>(group.size() - start);
        Answer failed = null;
        int next = start;
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(GROUP);
        try {
            root.attachTransaction(transactions);
            while (next < group.size()) {
                Pending<?, ?> pending = group.get(next++);
                Answer answer = new Answer(pending);
                try (ContextSnapshot.Scope scope = pending.context.setThreadLocals()) {
                    pending.dispatchTo(local, answer);
                }
                if (answer.result == null || answer.result.isExceptional()) {
                    failed = answer;
                    break;
                }
                handled.add(answer);
            }
            root.commit();
        } catch (RuntimeException | Error e) {
            // the commit (or starting the transaction) failed: Axon has rolled the root back, and with it every
            // nested unit, whose rollback handlers evict their aggregates from the cache
            if (root.isActive()) {
                root.rollback(e);
            }
            for (Answer answer : handled) {
                answer.fail(e);
            }
            if (failed != null) {
                failed.answer();
            }
            return next;
        }
        for (Answer answer : handled) {
            answer.answer();
        }
        if (failed != null) {
            failed.answer();
        }
        return next;
    }

    private record Pending<C, R>(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback,
                                 ContextSnapshot context) {

        @SuppressWarnings({"unchecked", "rawtypes"})
        void dispatchTo(CommandBus bus, CommandCallback callback) {
            try {
                bus.dispatch(command, callback);
            } catch (RuntimeException e) {
                callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(e));
            }
        }
    }

    /** A command's result, held until its group's transaction has committed. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class Answer implements CommandCallback {

        private final Pending pending;
        private CommandResultMessage result;

        Answer(Pending<?, ?> pending) {
            this.pending = pending;
        }

        @Override
        public void onResult(@Nonnull CommandMessage command, @Nonnull CommandResultMessage result) {
            this.result = result;
        }

        void answer() {
            pending.callback().onResult(pending.command(), result != null ? result
                    : GenericCommandResultMessage.asCommandResultMessage(new IllegalStateException("the command was not handled")));
        }

        void fail(Throwable cause) {
            pending.callback().onResult(pending.command(), GenericCommandResultMessage.asCommandResultMessage(cause));
        }
    }
}
