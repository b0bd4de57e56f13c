package dev.messenger.projections.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event log's publisher on a real Kafka: a conversation's events in order under its key, without bodies; the bodies
 * in their compacted topic, keyed by message, the last of them a tombstone once the message is deleted.
 */
class KafkaPublisherIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static final ObjectMapper JSON = Engines.json();
    private static String bootstrap;
    private static AdminClient admin;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void kafka() throws Exception {
        bootstrap = LocalStack.start(StackSettings.forTests(Files.createTempDirectory("kafka-publisher-it-"), Engine.KAFKA)).url(Engine.KAFKA);
        admin = AdminClient.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
        producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", true),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
    }

    @Test
    void aConversationsEventsArePublishedInOrderWithoutBodiesAndADeleteTombstonesTheBody() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        EventLogTopics topics = new EventLogTopics("events-" + run, "bodies-" + run, 1, (short) 1);
        KafkaPublisher publisher = new KafkaPublisher(producer, admin, topics, JSON);
        String conversation = "g-" + run;

        Batches.handleInOneBatch(publisher, conversation,
                new ConversationStarted(conversation, ConversationType.GROUP, "Team", "alice", List.of("alice", "bob"), AT),
                new MessageSent(conversation, "m-1", 1, "alice", "a secret", null, null, AT),
                new MessageSent(conversation, "m-2", 2, "bob", null, null, null, AT, MessageKind.MEDIA,
                        new MediaRef("file-of-m2", "image/png", 1234, 20, 10)));
        Batches.handle(publisher, new MessageEdited(conversation, "m-1", 1, "alice", "a secret, edited", AT));
        Batches.handle(publisher, new MessageDeleted(conversation, "m-1", 1, "alice", AT));

        List<ConsumerRecord<String, byte[]>> events = read(topics.events(), 5);
        assertThat(events).extracting(ConsumerRecord::key).containsOnly(conversation);
        assertThat(events).extracting(r -> header(r, "type"))
                .containsExactly("ConversationStarted", "MessageSent", "MessageSent", "MessageEdited", "MessageDeleted");
        assertThat(events).extracting(r -> Long.parseLong(header(r, "sequence"))).isSorted();
        for (ConsumerRecord<String, byte[]> event : events) {
            assertThat(new String(event.value(), StandardCharsets.UTF_8)).doesNotContain("a secret").doesNotContain("file-of-m2");
            // a CloudEvent in binary mode, read back by the CloudEvents SDK, whose schema is the event's own
            CloudEvent cloudEvent = KafkaMessageFactory.createReader(event).toEvent();
            String type = header(event, "type");
            assertThat(cloudEvent.getId()).isEqualTo(header(event, "event-id"));
            assertThat(cloudEvent.getType()).isEqualTo("dev.messenger." + type);
            assertThat(cloudEvent.getSource()).hasToString("/messenger/events");
            assertThat(cloudEvent.getSubject()).isEqualTo(conversation);
            assertThat(cloudEvent.getTime()).isNotNull();
            assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
            assertThat(cloudEvent.getData().toBytes()).isEqualTo(event.value());
            try (var schema = KafkaPublisherIT.class.getResourceAsStream("/schemas/" + type + ".schema.json")) {
                assertThat(schema).as("the schema of %s", type).isNotNull();
                assertThat(cloudEvent.getDataSchema()).hasToString(JSON.readTree(schema).get("$id").asText());
            }
        }
        assertThat(header(events.get(0), "ce_id")).isEqualTo(header(events.get(0), "event-id"));

        List<ConsumerRecord<String, byte[]>> bodies = read(topics.bodies(), 4);
        assertThat(bodies).extracting(ConsumerRecord::key).containsExactly("m-1", "m-2", "m-1", "m-1");
        assertThat(JSON.readTree(bodies.get(0).value()).get("body").asText()).isEqualTo("a secret");
        assertThat(JSON.readTree(bodies.get(1).value()).at("/media/mediaId").asText()).as("the file, forgettable like a body")
                .isEqualTo("file-of-m2");
        assertThat(JSON.readTree(bodies.get(1).value()).get("body").isNull()).isTrue();
        assertThat(JSON.readTree(bodies.get(2).value()).get("body").asText()).isEqualTo("a secret, edited");
        assertThat(bodies.get(3).value()).as("the delete's tombstone").isNull();
        for (ConsumerRecord<String, byte[]> body : bodies) {
            CloudEvent cloudEvent = KafkaMessageFactory.createReader(body).toEvent();
            assertThat(cloudEvent.getType()).isEqualTo("dev.messenger.MessageBody");
            assertThat(cloudEvent.getSource()).hasToString("/messenger/message-bodies");
            assertThat(cloudEvent.getSubject()).isEqualTo(body.key());
            assertThat(cloudEvent.getId()).isEqualTo(header(body, "event-id"));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
