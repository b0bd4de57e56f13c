package dev.messenger.projections.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.ZoneOffset;
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
import org.apache.kafka.common.header.Headers;
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
 * the value is the event's JSON as in event-schema with the message body and file reference left out (null), headers
 * carry type, revision, event id, timestamp, aggregate and sequence. Bodies and file references go to the compacted
 * bodies topic, keyed by message id and tombstoned when the message is deleted, so they can be forgotten.
 *
 * <p>Every record is also a CloudEvent in Kafka's binary mode (written by the CloudEvents SDK): {@code ce_id} the
 * event's id, {@code ce_type} {@code dev.messenger.<Event>} (a body: {@code dev.messenger.MessageBody}),
 * {@code ce_source} {@code /messenger/events} or {@code /messenger/message-bodies}, {@code ce_time}, {@code ce_subject}
 * the key, {@code ce_dataschema} the $id of the event's JSON Schema revision, {@code content-type}; so a consumer that
 * speaks CloudEvents needs nothing of ours to read it.
 */
@Component
@ProcessingGroup(KafkaPublisher.GROUP)
@DisallowReplay // a rebuild would publish every event again; consumers replay the topic instead
public class KafkaPublisher {

    public static final String GROUP = "kafka-publisher";
    public static final URI EVENTS_SOURCE = URI.create("/messenger/events");
    public static final URI BODIES_SOURCE = URI.create("/messenger/message-bodies");
    public static final String TYPE_PREFIX = "dev.messenger.";
    public static final String BODY_TYPE = TYPE_PREFIX + "MessageBody";
    /** The $id of an event's JSON Schema is this, its type's simple name, a slash and its revision. */
    public static final String SCHEMA_PREFIX = "https://messenger.dev/schemas/";
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
            value.putNull("media"); // which file it carries is forgotten with the body: in the compacted topic too
            if (sent.body() != null || sent.media() != null) {
                ObjectNode body = bodyValue(sent.conversationId(), sent.messageId(), sent.body());
                if (sent.media() != null) {
                    body.set("media", json.valueToTree(sent.media()));
                }
                sendBody(event, sent.messageId(), json.writeValueAsBytes(body));
            }
        } else if (payload instanceof EncryptedMessageSent encrypted) {
            // the envelopes are forgettable like bodies: in the compacted topic, tombstoned on delete
            value.putNull("ciphertexts");
            ObjectNode envelopes = json.createObjectNode().put("conversationId", encrypted.conversationId())
                    .put("messageId", encrypted.messageId());
            envelopes.set("ciphertexts", json.valueToTree(encrypted.ciphertexts()));
            sendBody(event, encrypted.messageId(), json.writeValueAsBytes(envelopes));
        } else if (payload instanceof MessageEdited edited) {
            value.putNull("body");
            sendBody(event, edited.messageId(), json.writeValueAsBytes(bodyValue(edited.conversationId(), edited.messageId(), edited.body())));
        } else if (payload instanceof MessageDeleted deleted) {
            sendBody(event, deleted.messageId(), null); // tombstone
        }
        CloudEvent cloudEvent = cloudEvent(event, EVENTS_SOURCE, TYPE_PREFIX + event.getPayloadType().getSimpleName(), key)
                .withDataSchema(URI.create(SCHEMA_PREFIX + event.getPayloadType().getSimpleName() + "/" + revision(event)))
                .withData(json.writeValueAsBytes(value))
                .build();
        send(KafkaMessageFactory.createWriter(topics.events(), null, event.getTimestamp().toEpochMilli(), key)
                .writeBinary(cloudEvent), event);
    }

    /** A body (or envelopes) in the compacted topic, or with {@code value} null the tombstone that forgets it. */
    private void sendBody(EventMessage<?> event, String messageId, byte[] value) {
        CloudEventBuilder body = cloudEvent(event, BODIES_SOURCE, BODY_TYPE, messageId);
        if (value != null) {
            body.withData(value);
        }
        send(KafkaMessageFactory.createWriter(topics.bodies(), null, null, messageId).writeBinary(body.build()), event);
    }

    private static CloudEventBuilder cloudEvent(EventMessage<?> event, URI source, String type, String subject) {
        return CloudEventBuilder.v1()
                .withId(event.getIdentifier())
                .withSource(source)
                .withType(type)
                .withTime(event.getTimestamp().atOffset(ZoneOffset.UTC))
                .withSubject(subject)
                .withDataContentType("application/json");
    }

    private ObjectNode bodyValue(String conversationId, String messageId, String body) {
        return json.createObjectNode().put("conversationId", conversationId).put("messageId", messageId).put("body", body);
    }

    private static String revision(EventMessage<?> event) {
        Revision revision = event.getPayloadType().getAnnotation(Revision.class);
        return revision == null ? "" : revision.value();
    }

    /** The headers the log had before it was CloudEvents too, kept for the consumers that read them. */
    private static void addLogHeaders(Headers headers, EventMessage<?> event) {
        headers.add("type", event.getPayloadType().getSimpleName().getBytes(StandardCharsets.UTF_8));
        headers.add("revision", revision(event).getBytes(StandardCharsets.UTF_8));
        headers.add("event-id", event.getIdentifier().getBytes(StandardCharsets.UTF_8));
        headers.add("timestamp", event.getTimestamp().toString().getBytes(StandardCharsets.UTF_8));
        if (event instanceof DomainEventMessage<?> domain) {
            headers.add("aggregate-id", domain.getAggregateIdentifier().getBytes(StandardCharsets.UTF_8));
            headers.add("sequence", Long.toString(domain.getSequenceNumber()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends now; after the batch's last event, every acknowledgement of the batch is waited for. */
    private void send(ProducerRecord<String, byte[]> record, EventMessage<?> event) {
        addLogHeaders(record.headers(), event);
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
