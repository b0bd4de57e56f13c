package dev.messenger.projections.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.support.ProcessingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;
import org.springframework.stereotype.Component;

/**
 * Publishes the event log to Kafka, at least once: the records of a processing batch are sent as the
 * batch is handled, and its last event waits until Kafka has acknowledged all of them, before the token
 * moves on; after a failure the batch is sent again, so consumers de-duplicate by the {@code event-id}
 * header. Keyed by aggregate (one conversation per key, so its events stay in order in one partition);
 * the value is the event's JSON as in event-schema with the message body left out (null), headers
 * carry type, revision, event id, timestamp, aggregate and sequence. Bodies go to the compacted
 * bodies topic, keyed by message id and tombstoned when the message is deleted, so they can be forgotten.
 */
@Component
@ProcessingGroup(KafkaPublisher.GROUP)
@DisallowReplay // a rebuild would publish every event again; consumers replay the topic instead
public class KafkaPublisher {

    public static final String GROUP = "kafka-publisher";
    private static final String BATCH_RESOURCE = KafkaPublisher.class.getName() + ".sent";
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final Producer<String, byte[]> producer;
    private final AdminClient admin;
    private final EventLogTopics topics;
    private final ObjectMapper json;
    private volatile boolean topicsReady;

    public KafkaPublisher(Producer<String, byte[]> eventLogProducer, AdminClient kafkaAdminClient, EventLogTopics eventLogTopics,
                          ObjectMapper objectMapper) {
        this.producer = eventLogProducer;
        this.admin = kafkaAdminClient;
        this.topics = eventLogTopics;
        this.json = objectMapper;
    }

    @EventHandler
    public void on(EventMessage<?> event) throws Exception {
        ensureTopics();
        Object payload = event.getPayload();
        String key = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
        ObjectNode value = json.valueToTree(payload);
        if (payload instanceof MessageSent sent) {
            value.putNull("body");
            if (sent.body() != null) { // a file without a caption has none
                send(new ProducerRecord<>(topics.bodies(), null, sent.messageId(),
                        body(sent.conversationId(), sent.messageId(), sent.body()), headers(event)));
            }
        } else if (payload instanceof EncryptedMessageSent encrypted) {
            // the envelopes are forgettable like bodies: in the compacted topic, tombstoned on delete
            value.putNull("ciphertexts");
            ObjectNode envelopes = json.createObjectNode().put("conversationId", encrypted.conversationId())
                    .put("messageId", encrypted.messageId());
            envelopes.set("ciphertexts", json.valueToTree(encrypted.ciphertexts()));
            send(new ProducerRecord<>(topics.bodies(), null, encrypted.messageId(), json.writeValueAsBytes(envelopes), headers(event)));
        } else if (payload instanceof MessageEdited edited) {
            value.putNull("body");
            send(new ProducerRecord<>(topics.bodies(), null, edited.messageId(),
                    body(edited.conversationId(), edited.messageId(), edited.body()), headers(event)));
        } else if (payload instanceof MessageDeleted deleted) {
            send(new ProducerRecord<>(topics.bodies(), null, deleted.messageId(), null, headers(event))); // tombstone
        }
        send(new ProducerRecord<>(topics.events(), null, event.getTimestamp().toEpochMilli(), key, json.writeValueAsBytes(value),
                headers(event)));
    }

    private byte[] body(String conversationId, String messageId, String body) throws Exception {
        ObjectNode value = json.createObjectNode().put("conversationId", conversationId).put("messageId", messageId).put("body", body);
        return json.writeValueAsBytes(value);
    }

    private RecordHeaders headers(EventMessage<?> event) {
        RecordHeaders headers = new RecordHeaders();
        Class<?> type = event.getPayloadType();
        Revision revision = type.getAnnotation(Revision.class);
        headers.add("type", type.getSimpleName().getBytes(StandardCharsets.UTF_8));
        headers.add("revision", (revision == null ? "" : revision.value()).getBytes(StandardCharsets.UTF_8));
        headers.add("event-id", event.getIdentifier().getBytes(StandardCharsets.UTF_8));
        headers.add("timestamp", event.getTimestamp().toString().getBytes(StandardCharsets.UTF_8));
        if (event instanceof DomainEventMessage<?> domain) {
            headers.add("aggregate-id", domain.getAggregateIdentifier().getBytes(StandardCharsets.UTF_8));
            headers.add("sequence", Long.toString(domain.getSequenceNumber()).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Sends now; after the batch's last event, every acknowledgement of the batch is waited for. */
    private void send(ProducerRecord<String, byte[]> record) {
        ProcessingBatch.resource(BATCH_RESOURCE, Sent::new).futures.add(producer.send(record));
    }

    /** A batch's records in flight: its token moves only once Kafka has acknowledged them all. */
    private static final class Sent implements ProcessingBatch.PendingWrites {
        final List<Future<RecordMetadata>> futures = new ArrayList<>();

        @Override
        public void flush() {
            List<Future<RecordMetadata>> waiting = List.copyOf(futures);
            futures.clear();
            awaitAcknowledged(waiting);
        }

        /** A record handed to the producer cannot be taken back: the batch still waits for its acknowledgement. */
        @Override
        public void discard() {
        }
    }

    private static void awaitAcknowledged(List<Future<RecordMetadata>> futures) {
        try {
            for (Future<RecordMetadata> future : futures) {
                future.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch; it will be published again", e);
        }
    }

    private void ensureTopics() throws Exception {
        if (!topicsReady) {
            topics.ensureExist(admin);
            topicsReady = true;
        }
    }
}
