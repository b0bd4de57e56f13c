package dev.messenger.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What group commit promises: answers only after the group's commit, a failing command judged alone without taking
 * the others down, a failed commit failing the whole group and leaving nothing of it in the aggregate cache, and a full
 * lane refusing rather than queueing without bound. Axon's own command handling and event store (in memory); the
 * transaction is one that joins an outer one, as Spring's does, and records what happens to it.
 */
class GroupCommitCommandBusTest {

    record CreateCounter(@TargetAggregateIdentifier String id) {
    }

    record Increment(@TargetAggregateIdentifier String id, int by) {
    }

    /** Holds its lane until released, so that the commands sent meanwhile queue up behind it. */
    record Hold(@TargetAggregateIdentifier String id, CountDownLatch started, CountDownLatch release) {
    }

    record CounterCreated(String id) {
    }

    record Incremented(String id, int by) {
    }

    static class Counter {
        @AggregateIdentifier
        String id;
        int count;

        Counter() {
        }

        @CommandHandler
        Counter(CreateCounter command) {
            apply(new CounterCreated(command.id()));
        }

        @CommandHandler
        int handle(Increment command) {
            if (command.by() < 0) {
                throw new IllegalArgumentException("a counter only counts up");
            }
            apply(new Incremented(id, command.by()));
            if (command.by() > 100) {
                throw new IllegalStateException("too much at once"); // after applying: the aggregate holds the event
            }
            return count;
        }

        @CommandHandler
        void handle(Hold command) throws InterruptedException {
            command.started().countDown();
            command.release().await(10, TimeUnit.SECONDS);
        }

        @EventSourcingHandler
        void on(CounterCreated event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Incremented event) {
            count += event.by();
        }
    }

    /** A transaction that joins the one already running on the thread (Spring's REQUIRED), recording the outer ones. */
    static final class JoiningTransactions implements TransactionManager {
        final List<String> log = new ArrayList<>();
        final AtomicBoolean failCommits = new AtomicBoolean();
        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        public Transaction startTransaction() {
            boolean outer = depth.get()[0]++ == 0;
            if (outer) {
                record("begin");
            }
            return new Transaction() {
                private boolean completed; // as Spring's: a failed commit completes it, the rollback after it is a no-op

                @Override
                public void commit() {
                    completed = true;
                    depth.get()[0]--;
                    if (outer) {
                        if (failCommits.get()) {
                            record("commit failed");
                            throw new IllegalStateException("the database refused the commit");
                        }
                        record("commit");
                    }
                }

                @Override
                public void rollback() {
                    if (completed) {
                        return;
                    }
                    completed = true;
                    depth.get()[0]--;
                    if (outer) {
                        record("rollback");
                    }
                }
            };
        }

        synchronized void record(String what) {
            log.add(what);
        }

        synchronized List<String> log() {
            return List.copyOf(log);
        }
    }

    private final JoiningTransactions transactions = new JoiningTransactions();
    private final Cache cache = new WeakReferenceCache();
    private final EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private GroupCommitCommandBus bus;

    @BeforeEach
    void buses() {
        bus = bus(10_000);
    }

    private GroupCommitCommandBus bus(int queueCapacity) {
        SimpleCommandBus local = SimpleCommandBus.builder().transactionManager(transactions).build();
        EventSourcingRepository<Counter> counters = EventSourcingRepository.builder(Counter.class)
                .eventStore(events).cache(cache).build();
        AggregateAnnotationCommandHandler.<Counter>builder().aggregateType(Counter.class).repository(counters).build()
                .subscribe(local);
        // one lane, so that every command queues behind the one before it
        return new GroupCommitCommandBus(local, transactions, (command, lanes) -> 0, 1, 64, queueCapacity,
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws InterruptedException {
        events.shutDown();
        bus.shutdown();
    }

    private CompletableFuture<CommandResultMessage<?>> send(Object command) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), (CommandMessage<?> message, CommandResultMessage<?> result) -> {
            transactions.record("answer " + message.getPayloadType().getSimpleName());
            answer.complete(result);
        });
        return answer;
    }

    /** Sends the commands while the lane is held, so that they make one group once it is released. */
    private List<CompletableFuture<CommandResultMessage<?>>> sendAsOneGroup(Object... commands) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CommandResultMessage<?>> held = send(new Hold("holder", started, release));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (Object command : commands) {
            answers.add(send(command));
        }
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        for (CompletableFuture<CommandResultMessage<?>> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }
        return answers;
    }

    private List<String> logAfterTheHolder() {
        List<String> log = transactions.log();
        return log.subList(log.indexOf("answer Hold") + 1, log.size());
    }

    @Test
    void commandsThatQueueTogetherShareOneCommitAndAreAnsweredAfterIt() throws Exception {
        assertThat(send(new CreateCounter("holder")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();

        var answers = sendAsOneGroup(new CreateCounter("a"), new Increment("a", 2), new CreateCounter("b"), new Increment("a", 3));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.join().isExceptional()).isFalse());
        assertThat(answers.get(3).join().getPayload()).isEqualTo(5); // the second increment saw the first's
        assertThat(logAfterTheHolder()).containsExactly("begin", "commit",
                "answer CreateCounter", "answer Increment", "answer CreateCounter", "answer Increment");
        assertThat(events.readEvents("a").asStream().count()).isEqualTo(3);
        assertThat(events.readEvents("b").asStream().count()).isEqualTo(1);
    }

    @Test
    void aCommandThatFailsIsAnsweredAloneAndTheOthersAreCommitted() throws Exception {
        assertThat(send(new CreateCounter("holder")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(send(new CreateCounter("a")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();

        var answers = sendAsOneGroup(new Increment("a", 1), new Increment("a", -1), new Increment("a", 1));

        assertThat(answers.get(0).join().isExceptional()).isFalse();
        assertThat(answers.get(1).join().exceptionResult()).isInstanceOf(IllegalArgumentException.class);
        assertThat(answers.get(2).join().getPayload()).isEqualTo(2);
        // the group ends at the failure: the one before it committed, the one after it in a group of its own
        assertThat(logAfterTheHolder()).containsExactly("begin", "commit", "answer Increment", "answer Increment",
                "begin", "commit", "answer Increment");
        assertThat(events.readEvents("a").asStream().count()).isEqualTo(3);
    }

    @Test
    void aCommandThatFailsAfterApplyingAnEventLeavesNothingOfItInTheCache() throws Exception {
        assertThat(send(new CreateCounter("holder")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(send(new CreateCounter("a")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();

        var answers = sendAsOneGroup(new Increment("a", 1), new Increment("a", 1000));

        assertThat(answers.get(1).join().exceptionResult()).hasMessageContaining("too much at once");
        assertThat(send(new Increment("a", 1)).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo(2);
    }

    @Test
    void aFailedCommitFailsTheWholeGroupAndForgetsItsAggregates() throws Exception {
        assertThat(send(new CreateCounter("holder")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(send(new CreateCounter("a")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(cache.containsKey("a")).isTrue();

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CommandResultMessage<?>> held = send(new Hold("holder", started, release));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        transactions.failCommits.set(true); // (the held command, alone in its group, fails to commit too)
        var first = send(new Increment("a", 5));
        var second = send(new Increment("a", 7));
        release.countDown();
        held.get(10, TimeUnit.SECONDS);

        assertThat(first.get(10, TimeUnit.SECONDS).exceptionResult()).hasMessageContaining("refused the commit");
        assertThat(second.get(10, TimeUnit.SECONDS).exceptionResult()).hasMessageContaining("refused the commit");
        // what the group did to the counter is gone from the cache: the next command reads it from the store again
        assertThat(cache.containsKey("a")).isFalse();
    }

    @Test
    void aFullLaneRefusesCommandsInsteadOfQueueingThem() throws Exception {
        bus.shutdown();
        bus = bus(1);
        assertThat(send(new CreateCounter("holder")).get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        send(new Hold("holder", started, release));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        var queued = send(new CreateCounter("a"));
        var refused = send(new CreateCounter("b"));

        assertThat(refused.get(1, TimeUnit.SECONDS).exceptionResult()).isInstanceOf(CommandsOverloaded.class);
        release.countDown();
        assertThat(queued.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
    }
}
