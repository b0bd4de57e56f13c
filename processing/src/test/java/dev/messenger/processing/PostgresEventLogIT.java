package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * How the event log is read from the real PostgreSQL, each test in a schema of its own: the statements a read costs
 * (counted on the connections), and that no event is lost to a short read, a full fetch, or a slow transaction.
 */
class PostgresEventLogIT {

    private static String postgresUrl;

    /** PostgreSQL for this test JVM, started once through the ops code; it stops by itself once the JVM is gone. */
    private static synchronized String postgresUrl() {
        if (postgresUrl == null) {
            try {
                postgresUrl = LocalStack.start(StackSettings.forTests(Files.createTempDirectory("event-log-it-"), Engine.POSTGRES))
                        .url(Engine.POSTGRES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgresUrl;
    }

    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger transactionsBegun = new AtomicInteger();
    private PostgresEventLog log;
    private TransactionManager transactions;
    private org.springframework.jdbc.core.JdbcTemplate jdbc;
    private DataSource counted;

    /** A log on the test's schema, its body keys remembered in {@code keys} (a node of its own, when new). */
    private PostgresEventLog logWith(dev.messenger.processing.erasure.BodyKeys keys) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return PostgresEventLog.build(JdbcEventStorageEngine.builder()
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .connectionProvider(new SpringDataSourceConnectionProvider(counted))
                .batchSize(3), JacksonSerializer.builder().objectMapper(json).build(), transactions, keys);
    }

    @BeforeEach
    void freshLog() throws SQLException {
        String schema = "log_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(postgresUrl());
        try (Connection connection = postgres.getConnection()) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        postgres.setCurrentSchema(schema);
        DataSource counted = counting(postgres);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(counted));
        jdbc = new org.springframework.jdbc.core.JdbcTemplate(counted);
        for (String migration : List.of("V11__message_keys.sql", "V13__message_places.sql", "V17__message_files.sql")) {
            try (java.io.InputStream ddl = getClass().getResourceAsStream("/db/migration/" + migration)) {
                jdbc.execute(new String(ddl.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.counted = counted;
        log = logWith(new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000));
        log.createSchema(PostgresEventTableFactory.INSTANCE);
        statements.set(0);
        transactionsBegun.set(0);
    }

    @Test
    void aCaughtUpTailIsReadWithOneStatementAndNoTransaction() {
        append("c-1", 0, "first");
        append("c-1", 1, "second");
        statements.set(0);
        transactionsBegun.set(0);

        List<String> read = payloads(tail(null));

        assertThat(read).containsExactly("first", "second");
        // Axon's own stream for the tail: this query, an empty one, and the extended gap check, in two transactions
        assertThat(statements).hasValue(1);
        assertThat(transactionsBegun).hasValue(0);
    }

    @Test
    void readingTheTailAgainUntilNothingIsFoundReadsEveryEventOnce() {
        for (int i = 0; i < 8; i++) {
            append("c-1", i, "m" + i);
        }

        // as the embedded event store's reader does: a read ends with a fetch that is not full, and the reader reads
        // again until a read finds nothing (a window of global indices can come back short when it holds gaps)
        List<String> read = new java.util.ArrayList<>();
        TrackingToken after = null;
        for (List<? extends TrackedEventMessage<?>> events = tail(null); !events.isEmpty(); events = tail(after)) {
            read.addAll(payloads(events));
            after = events.get(events.size() - 1).trackingToken();
        }

        assertThat(read).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
    }

    @Test
    void aReadAfterTheTailFindsOnlyWhatCameSince() {
        append("c-1", 0, "before");
        List<? extends TrackedEventMessage<?>> first = tail(null);
        append("c-1", 1, "after");

        assertThat(payloads(tail(first.get(first.size() - 1).trackingToken()))).containsExactly("after");
    }

    @Test
    void anEventOfASlowTransactionIsReadOnceItCommits() throws Exception {
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> slow = appendedUncommitted("c-slow", "slow", commit);
        append("c-fast", 0, "fast"); // a later global index, committed first

        List<? extends TrackedEventMessage<?>> early = tail(null);
        assertThat(payloads(early)).containsExactly("fast");

        commit.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertThat(payloads(tail(early.get(0).trackingToken()))).containsExactly("slow");
    }

    @Test
    void anEventIsReadAsItWasAppendedWithItsTimeToTheMillisecond() {
        java.time.Instant at = java.time.Instant.parse("2026-12-07T04:10:23.123456Z");
        transactions.executeInTransaction(() -> log.appendEvents(
                new GenericDomainEventMessage<>("test", "c-3", 4, "in a conversation", java.util.Map.of("traceId", "t-1"), "e-1", at),
                new org.axonframework.eventhandling.GenericEventMessage<>(new org.axonframework.messaging.GenericMessage<>("e-2", "of no aggregate",
                        java.util.Map.of()), () -> at.plusSeconds(1))));

        List<? extends TrackedEventMessage<?>> read = tail(null);

        assertThat(read).hasSize(2);
        org.axonframework.eventhandling.DomainEventMessage<?> first = (org.axonframework.eventhandling.DomainEventMessage<?>) read.get(0);
        assertThat(first.getAggregateIdentifier()).isEqualTo("c-3");
        assertThat(first.getSequenceNumber()).isEqualTo(4);
        assertThat(first.getIdentifier()).isEqualTo("e-1");
        assertThat(first.getTimestamp()).isEqualTo(java.time.Instant.parse("2026-12-07T04:10:23.123Z"));
        assertThat(first.getMetaData()).containsEntry("traceId", "t-1");
        assertThat(read.get(1)).as("an event of no aggregate").isNotInstanceOf(org.axonframework.eventhandling.DomainEventMessage.class);
        assertThat(read.get(1).getTimestamp()).isEqualTo(java.time.Instant.parse("2026-12-07T04:10:24.123Z"));
        assertThat(payloads(read)).containsExactly("in a conversation", "of no aggregate");
    }

    @Test
    void aGapBeforeAnEventOlderThanTheGapTimeoutIsNotWaitedFor() throws Exception {
        java.time.Instant old = java.time.Instant.now().minusSeconds(3_600);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> slow = appendedUncommitted("c-slow", "slow", commit);
        transactions.executeInTransaction(() -> log.appendEvents(
                new GenericDomainEventMessage<>("test", "c-old", 0, "old", java.util.Map.of(), "e-old", old)));

        List<? extends TrackedEventMessage<?>> early = tail(null);
        commit.countDown();
        slow.get(10, TimeUnit.SECONDS);

        assertThat(payloads(early)).containsExactly("old");
        org.axonframework.eventhandling.GapAwareTrackingToken token =
                (org.axonframework.eventhandling.GapAwareTrackingToken) early.get(0).trackingToken();
        assertThat(token.getGaps()).as("Axon's rule: an hour-old event's gaps are not kept").isEmpty();
    }

    @Test
    void appendsStillCommitTogetherInATransaction() {
        transactionsBegun.set(0);

        log.appendEvents(event("c-2", 0, "one"), event("c-2", 1, "two"));

        assertThat(transactionsBegun).hasValue(1);
        assertThat(payloads(tail(null))).containsExactly("one", "two");
    }

    /** Appends an event in a transaction that holds its global index until {@code commit} opens, once it has appended. */
    @Test
    void aMessageBodyIsStoredSealedUnderAKeyOfItsOwnAndReadBackOpen() {
        appendMessage(0, sent("m-1", "meet me at the old mill"));

        assertThat(storedPayloads()).noneMatch(p -> p.contains("old mill")).allMatch(p -> p.contains(SealedBody.PREFIX));
        assertThat(jdbc.queryForList("SELECT message_id FROM message_key", String.class)).containsExactly("m-1");
        assertThat(((MessageSent) tail(null).get(0).getPayload()).body()).isEqualTo("meet me at the old mill");
    }

    @Test
    void aDeleteDestroysTheKeyInItsTransactionAndNoVersionOfTheBodyReadsAgain() {
        appendMessage(0, sent("m-1", "first version"));
        appendMessage(1, new MessageEdited("c-1", "m-1", 1, "u-ann", "second version", AT));
        appendMessage(2, sent("m-2", "another message"));
        appendMessage(3, new MessageDeleted("c-1", "m-1", 1, "u-ann", AT));

        assertThat(jdbc.queryForList("SELECT message_id FROM message_key", String.class)).containsExactly("m-2");
        List<TrackedEventMessage<?>> replay = new java.util.ArrayList<>();
        TrackingToken after = null;
        for (List<? extends TrackedEventMessage<?>> events = tail(null); !events.isEmpty(); events = tail(after)) {
            replay.addAll(events);
            after = events.get(events.size() - 1).trackingToken();
        }
        assertThat(replay).hasSize(4);
        assertThat(((MessageSent) replay.get(0).getPayload()).body()).isNull();
        assertThat(((MessageEdited) replay.get(1).getPayload()).body()).isNull();
        assertThat(((MessageSent) replay.get(2).getPayload()).body()).isEqualTo("another message");
        assertThat(storedPayloads()).noneMatch(p -> p.contains("version") || p.contains("another"));
    }

    @Test
    void aFilesIdIsSealedWithTheBodyAndForgottenWithIt() {
        dev.messenger.events.message.MediaRef file = new dev.messenger.events.message.MediaRef("file-65f0c0ffee", "image/jpeg", 2048, 640, 480);
        appendMessage(0, new MessageSent("c-1", "m-1", 1, "u-ann", "look", null, null, AT, dev.messenger.events.message.MessageKind.MEDIA, file));
        appendMessage(1, new MessageSent("c-1", "m-2", 2, "u-ann", null, null, null, AT, dev.messenger.events.message.MessageKind.MEDIA, file));

        assertThat(storedPayloads()).noneMatch(p -> p.contains("65f0c0ffee")).allMatch(p -> p.contains("\"size\":2048"));
        assertThat(tail(null)).extracting(e -> ((MessageSent) e.getPayload()).media()).containsExactly(file, file);

        appendMessage(2, new MessageDeleted("c-1", "m-2", 2, "u-ann", AT));
        log = logWith(new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000)); // a node that never read the keys
        var replay = tail(null);
        assertThat(((MessageSent) replay.get(0).getPayload()).media()).isEqualTo(file);
        assertThat(((MessageSent) replay.get(1).getPayload()).media()).as("which file it had is forgotten with its key").isNull();
    }

    @Test
    void everyMessageHasItsPlaceAndTheSendersKeysGoAllAtOnce() {
        appendMessage(0, new MessageSent("c-1", "m-1", 1, "u-ann", "words", null, null, AT));
        appendMessage(1, new MessageSent("c-1", "m-2", 2, "u-ann", null, null, null, AT)); // a file alone: no body, still a place
        appendMessage(2, new MessageSent("c-1", "m-3", 3, "u-bob", "reply", null, null, AT));
        appendMessage(3, new MessageDeleted("c-1", "m-1", 1, "u-ann", AT));
        dev.messenger.processing.erasure.BodyKeys keys = new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000);

        assertThat(keys.placesOfMessagesBy("u-ann")).containsExactly(new dev.messenger.processing.erasure.BodyKeys.MessagePlace("c-1", "m-2", 2));
        assertThat(keys.destroyAllOf("u-ann")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT message_id FROM message_key", String.class)).containsExactly("m-3");
    }

    @Test
    void aParkedCopySealsUnderTheMessagesKeyAndNeverMakesOneForADeletedMessage() {
        appendMessage(0, sent("m-1", "kept words"));
        dev.messenger.processing.erasure.BodyKeys keys = new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000);
        org.axonframework.serialization.Serializer parked = dev.messenger.processing.erasure.SealingSerializer.withExistingKeys(
                JacksonSerializer.builder().objectMapper(new com.fasterxml.jackson.databind.ObjectMapper()
                        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())).build(), keys);

        String kept = parked.serialize(sent("m-1", "kept words"), String.class).getData();
        String gone = parked.serialize(sent("m-2", "deleted since it was read"), String.class).getData();

        assertThat(kept).doesNotContain("kept words").contains(SealedBody.PREFIX);
        assertThat(gone).doesNotContain("deleted since").contains("\"body\":null");
        assertThat(jdbc.queryForList("SELECT message_id FROM message_key", String.class)).containsExactly("m-1");
    }

    @Test
    void theKeysOfAnAppendsMessagesAreStoredInOneStatementAndAnEditKeepsItsMessagesKey() {
        appendMessage(0, sent("m-0", "first version"));
        statements.set(0);

        transactions.executeInTransaction(() -> log.appendEvents(List.of(
                new GenericDomainEventMessage<>("Conversation", "c-1", 1, new MessageSent("c-1", "m-1", 2, "u-bob", "one", null, null, AT)),
                new GenericDomainEventMessage<>("Conversation", "c-1", 2, new MessageEdited("c-1", "m-0", 1, "u-ann", "second version", AT)),
                new GenericDomainEventMessage<>("Conversation", "c-1", 3, new MessageSent("c-1", "m-2", 3, "u-ann", "two", null, null, AT)))));

        assertThat(statements).as("the events, the new keys at once, and the edited message's key read back").hasValue(3);
        assertThat(jdbc.queryForList("SELECT message_id || ' ' || sender_id || ' ' || seq FROM message_key ORDER BY message_id", String.class))
                .containsExactly("m-0 u-ann 1", "m-1 u-bob 2", "m-2 u-ann 3");
        log = logWith(new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000)); // a node that never saw the keys
        assertThat(wholeLog()).extracting(e -> e.getPayload() instanceof MessageEdited edited ? edited.body() : ((MessageSent) e.getPayload()).body())
                .containsExactly("first version", "one", "second version", "two");

        appendMessage(4, new MessageDeleted("c-1", "m-0", 1, "u-ann", AT));
        assertThat(wholeLog()).extracting(e -> e.getPayload() instanceof MessageEdited edited ? edited.body()
                        : e.getPayload() instanceof MessageSent sent ? sent.body() : "deleted")
                .as("the edit was sealed under its message's key: deleting the message forgets it").containsExactly(null, "one", null, "two", "deleted");
    }

    @Test
    void anAppendThatFailsLeavesNoKeyBehind() {
        appendMessage(0, sent("m-1", "kept"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> appendMessage(0, sent("m-2", "lost the race")))
                .isInstanceOf(org.axonframework.eventsourcing.eventstore.EventStoreException.class);
        assertThat(jdbc.queryForList("SELECT message_id FROM message_key", String.class)).containsExactly("m-1");
    }

    @Test
    void aBodyStoredBeforeSealingIsReadAsItIs() {
        jdbc.update("INSERT INTO domainevententry (globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
                + "payload, payloadrevision, payloadtype, timestamp) VALUES (1, 'c-1', 0, 'Conversation', 'e-1', ?, ?, '2', ?, ?)",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ("{\"conversationId\":\"c-1\",\"messageId\":\"m-0\",\"seq\":1,\"senderId\":\"u-ann\",\"body\":\"from before\","
                        + "\"sentAt\":\"2026-12-07T09:00:00Z\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                MessageSent.class.getName(), AT.toString());
        assertThat(((MessageSent) tail(null).get(0).getPayload()).body()).isEqualTo("from before");
    }

    @Test
    void aBatchsBodyKeysAreReadInOneQueryByANodeThatDoesNotKnowThem() {
        for (int i = 0; i < 2; i++) {
            appendMessage(i, sent("m-" + i, "body " + i));
        }
        PostgresEventLog otherNode = logWith(new dev.messenger.processing.erasure.BodyKeys(jdbc, 1000));
        statements.set(0);
        List<String> bodies;
        try (var stream = otherNode.readEvents(null, true)) {
            bodies = stream.map(event -> ((MessageSent) event.getPayload()).body()).toList();
        }
        assertThat(bodies).containsExactly("body 0", "body 1");
        assertThat(statements).as("the batch, and its two keys at once").hasValue(2);
    }

    @Test
    void aMessagesIdIsFoundInItsJsonWithoutParsingIt() {
        assertThat(PostgresEventLog.messageIdIn("{\"conversationId\":\"c-1\",\"messageId\":\"m-42\",\"seq\":1}".getBytes()))
                .isEqualTo("m-42");
        assertThat(PostgresEventLog.messageIdIn("{\"conversationId\":\"c-1\"}".getBytes())).isNull();
        assertThat(PostgresEventLog.messageIdIn("{\"messageId\":\"unterminated".getBytes())).isNull();
    }

    private static final java.time.Instant AT = java.time.Instant.parse("2026-12-07T09:00:00Z");

    private static MessageSent sent(String messageId, String body) {
        return new MessageSent("c-1", messageId, 1, "u-ann", body, null, null, AT);
    }

    private void appendMessage(long sequence, Object payload) {
        transactions.executeInTransaction(() -> log.appendEvents(new GenericDomainEventMessage<>("Conversation", "c-1", sequence, payload)));
    }

    private List<String> storedPayloads() {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry ORDER BY globalindex", String.class);
    }

    private CompletableFuture<Void> appendedUncommitted(String aggregate, String payload, CountDownLatch commit) throws InterruptedException {
        CountDownLatch appended = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transactions.executeInTransaction(() -> {
            log.appendEvents(event(aggregate, 0, payload));
            appended.countDown();
            await(commit);
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        return slow;
    }

    private void append(String aggregate, long sequence, String payload) {
        transactions.executeInTransaction(() -> log.appendEvents(event(aggregate, sequence, payload)));
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("test", aggregate, sequence, payload);
    }

    /** What the embedded event store's tail reader gets: a stream that may block. */
    private List<? extends TrackedEventMessage<?>> tail(TrackingToken after) {
        try (var stream = log.readEvents(after, true)) {
            return stream.toList();
        }
    }

    /** Every event of the log, read as the tail reader reads it, a fetch at a time. */
    private List<TrackedEventMessage<?>> wholeLog() {
        List<TrackedEventMessage<?>> all = new java.util.ArrayList<>();
        for (List<? extends TrackedEventMessage<?>> events = tail(null); !events.isEmpty();
             events = tail(events.get(events.size() - 1).trackingToken())) {
            all.addAll(events);
        }
        return all;
    }

    private static List<String> payloads(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(event -> (String) event.getPayload()).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts the statements prepared and the transactions begun (auto-commit turned off) on its connections. */
    private DataSource counting(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                InvocationHandler handler = (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                    } else if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
                        transactionsBegun.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                };
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
            }
        };
    }
}
