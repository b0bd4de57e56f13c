package dev.messenger.processing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.processing.erasure.BodyKeys;
import dev.messenger.processing.erasure.SealingSerializer;

/**
 * Axon's JDBC storage engine for the event log in PostgreSQL, reading the log with fewer round trips. Appends,
 * snapshots and what is read are unchanged; two things change in how it is read:
 *
 * <ul>
 *   <li><b>The tail: one statement per read.</b> The embedded event store reads the log's tail for every caught-up
 *   processor on one thread, woken after each local commit, and reads again after every read that found events, until
 *   a read finds none. Axon's stream for each read also went on until an empty fetch, each fetch in a transaction, an
 *   empty one followed by the check for gaps longer than a fetch: five statements in three transactions per wake-up.
 *   Here a read ends with a fetch that comes back short (a fetch is a window of global indices, so it can come back
 *   short while events lie beyond it: the reader's next read covers them, and an empty fetch still checks for a long
 *   stretch of gaps). An event whose transaction commits late (a gap) is fetched through the gaps the token keeps, by
 *   the wake-up its own commit causes. Three statements per wake-up; a fetch that comes back full goes on at once.</li>
 *   <li><b>Reads outside a transaction are single statements.</b> A processor's or the tail reader's fetch ran in a
 *   transaction of its own (BEGIN, SELECT, COMMIT); one SELECT sees one snapshot either way under PostgreSQL's read
 *   committed, so it now runs in autocommit. A read inside a command's transaction (loading an aggregate) still joins
 *   it, and appends and snapshots still run in a transaction ({@link ReadsWithoutTransaction}).</li>
 *   <li><b>Each event's time is read once.</b> Axon keeps a stored event's time as its text and parses it with a
 *   {@code DateTimeFormatter} whenever it is asked: once to decide whether a gap before the event may still fill, once
 *   more for the message. That was 30% of a replay's CPU (seventeenth step of docs/performance.md). Here an event read
 *   from the log carries its time parsed once ({@link LogTimestamps}); the gap rules are Axon's, with its defaults,
 *   set here so that both use the same values.</li>
 *   <li><b>The payload's class is looked up once per type</b> ({@link ClassCachingSerializer}).</li>
 * </ul>
 */
public final class PostgresEventLog extends JdbcEventStorageEngine {

    /** Axon's defaults: how long a gap may still fill, how far ahead of the last event one is kept, the first position. */
    private static final int GAP_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private final EventSchema schema;
    private final BodyKeys bodyKeys;
    private final TransactionManager transactions;

    private PostgresEventLog(Builder builder, EventSchema schema, BodyKeys bodyKeys, TransactionManager transactions) {
        super(builder);
        this.schema = schema;
        this.bodyKeys = bodyKeys;
        this.transactions = transactions;
    }

    /**
     * The engine {@code builder} describes, with the default schema and gap rules, events written and read with
     * {@code eventSerializer}, message bodies sealed under their keys in {@code bodyKeys} ({@link SealingSerializer}) and
     * the payloads' classes remembered, and its transaction manager kept for writes only.
     */
    public static PostgresEventLog build(Builder builder, Serializer eventSerializer, TransactionManager transactions, BodyKeys bodyKeys) {
        EventSchema schema = new EventSchema();
        return new PostgresEventLog(builder.schema(schema)
                .eventSerializer(new ClassCachingSerializer(new SealingSerializer(eventSerializer, bodyKeys)))
                .gapTimeout(GAP_TIMEOUT_MILLIS).maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .transactionManager(new ReadsWithoutTransaction(transactions)), schema, bodyKeys, transactions);
    }

    /**
     * Appends as Axon does; a {@link MessageDeleted} among the events destroys its message's body key in the same
     * transaction, so the delete and the erasure of every stored version of the body commit together.
     */
    @Override
    protected void appendEvents(java.util.List<? extends org.axonframework.eventhandling.EventMessage<?>> events, Serializer serializer) {
        transactions.executeInTransaction(() -> {
            bodyKeys.storingKeysOf(sealedMessagesIn(events), () -> super.appendEvents(events, serializer));
            for (org.axonframework.eventhandling.EventMessage<?> event : events) {
                if (event.getPayload() instanceof MessageDeleted deleted) {
                    bodyKeys.destroy(deleted.messageId());
                }
            }
        });
    }

    /** The messages whose bodies or files the events seal ({@link SealingSerializer}): each has its key stored first. */
    private static java.util.List<BodyKeys.NewMessage> sealedMessagesIn(java.util.List<? extends org.axonframework.eventhandling.EventMessage<?>> events) {
        java.util.List<BodyKeys.NewMessage> messages = new java.util.ArrayList<>();
        for (org.axonframework.eventhandling.EventMessage<?> event : events) {
            if (event.getPayload() instanceof dev.messenger.events.message.MessageSent sent) {
                messages.add(new BodyKeys.NewMessage(sent.messageId(), sent.senderId(), sent.conversationId(), sent.seq(),
                        sent.media() == null ? null : sent.media().mediaId()));
            } else if (event.getPayload() instanceof dev.messenger.events.message.MessageEdited edited && edited.body() != null) {
                messages.add(new BodyKeys.NewMessage(edited.messageId(), edited.senderId(), edited.conversationId(), edited.seq(), null));
            }
        }
        return messages;
    }

    private static final String SENT = dev.messenger.events.message.MessageSent.class.getName();
    private static final String EDITED = dev.messenger.events.message.MessageEdited.class.getName();
    private static final byte[] MESSAGE_ID_FIELD = "\"messageId\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * A batch of the log as Axon reads it, with the body keys of its messages read in one query before any of them is
     * opened: a replay would otherwise look each key up on its own (the first stream to read a batch; the others find
     * them remembered).
     */
    @Override
    protected java.util.List<? extends TrackedEventData<?>> fetchTrackedEvents(org.axonframework.eventhandling.TrackingToken lastToken, int batchSize) {
        java.util.List<? extends TrackedEventData<?>> batch = super.fetchTrackedEvents(lastToken, batchSize);
        java.util.List<String> messageIds = new java.util.ArrayList<>();
        for (TrackedEventData<?> event : batch) {
            String type = event.getPayload().getType().getName();
            if ((SENT.equals(type) || EDITED.equals(type)) && event.getPayload().getData() instanceof byte[] json) {
                String messageId = messageIdIn(json);
                if (messageId != null) {
                    messageIds.add(messageId);
                }
            }
        }
        if (!messageIds.isEmpty()) {
            bodyKeys.prefetch(messageIds);
        }
        return batch;
    }

    /** The message id of a message event's JSON, found without parsing it (ids are plain text); null when not found. */
    static String messageIdIn(byte[] json) {
        outer:
        for (int i = 0; i + MESSAGE_ID_FIELD.length < json.length; i++) {
            for (int j = 0; j < MESSAGE_ID_FIELD.length; j++) {
                if (json[i + j] != MESSAGE_ID_FIELD[j]) {
                    continue outer;
                }
            }
            int start = i + MESSAGE_ID_FIELD.length;
            for (int end = start; end < json.length && end - start <= 64; end++) {
                if (json[end] == '"') {
                    return json[end - 1] == '\\' ? null : new String(json, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        return null;
    }

    /**
     * One row of the log as Axon reads it (an event that belongs to no aggregate is stored with its own id as the
     * aggregate's), with the gap rules of Axon's engine: a gap before an event younger than the gap timeout may still
     * fill, one before an older event never will. The difference: the event's time is parsed once, for both.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet row, GapAwareTrackingToken previous) throws SQLException {
        long position = row.getLong(schema.globalIndexColumn());
        String aggregateId = row.getString(schema.aggregateIdentifierColumn());
        String eventId = row.getString(schema.eventIdentifierColumn());
        String time = String.valueOf(readTimeStamp(row, schema.timestampColumn()));
        DomainEventData<?> event = new TimedEntry<>(row.getString(schema.typeColumn()), eventId.equals(aggregateId) ? null : aggregateId,
                row.getLong(schema.sequenceNumberColumn()), eventId, time, row.getString(schema.payloadTypeColumn()),
                row.getString(schema.payloadRevisionColumn()), readPayload(row, schema.payloadColumn()),
                readPayload(row, schema.metaDataColumn()));
        boolean gapsMayFill = event.getTimestamp().isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        GapAwareTrackingToken token;
        if (previous == null) {
            token = GapAwareTrackingToken.newInstance(position, gapsMayFill
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, position), position).boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.<Long>emptySortedSet());
        } else {
            token = previous.advanceTo(position, gapsMayFill ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, event);
    }

    /** A stored event whose time is parsed when it is read, once; the rest is Axon's entry's. */
    private static final class TimedEntry<T> implements DomainEventData<T> {

        private final GenericDomainEventEntry<T> entry;
        private final Instant timestamp;

        TimedEntry(String type, String aggregateId, long sequence, String eventId, String time, String payloadType,
                   String payloadRevision, T payload, T metaData) {
            this.entry = new GenericDomainEventEntry<>(type, aggregateId, sequence, eventId, time, payloadType, payloadRevision,
                    payload, metaData);
            this.timestamp = LogTimestamps.parse(time);
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public String getType() {
            return entry.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return entry.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return entry.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return entry.getEventIdentifier();
        }

        @Override
        public org.axonframework.serialization.SerializedObject<T> getMetaData() {
            return entry.getMetaData();
        }

        @Override
        public org.axonframework.serialization.SerializedObject<T> getPayload() {
            return entry.getPayload();
        }
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return super.readEventData(trackingToken, false); // a private stream of a processor that is behind
        }
        List<? extends TrackedEventData<?>> first = fetchTrackedEvents(trackingToken, batchSize());
        if (first.size() < batchSize()) {
            return first.stream();
        }
        TrackingToken last = first.get(first.size() - 1).trackingToken();
        return Stream.concat(first.stream(), Stream.of(last).flatMap(token -> super.readEventData(token, true)));
    }

    /**
     * Writes in a transaction of the given manager; reads as they are: joined to the transaction bound to the thread
     * if there is one, else one autocommit statement each.
     */
    static final class ReadsWithoutTransaction implements TransactionManager {

        private final TransactionManager writes;

        ReadsWithoutTransaction(TransactionManager writes) {
            this.writes = writes;
        }

        @Override
        public Transaction startTransaction() {
            return writes.startTransaction();
        }

        @Override
        public <T> T fetchInTransaction(Supplier<T> read) {
            return read.get();
        }
    }
}
