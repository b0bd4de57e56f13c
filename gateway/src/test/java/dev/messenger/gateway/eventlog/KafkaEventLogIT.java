package dev.messenger.gateway.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.TestStack;
import dev.messenger.ops.stack.Engine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The event log on the real Kafka broker, read by a plain consumer as an analyst's pipeline would. */
class KafkaEventLogIT extends GatewayIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConsumerSeesEveryEventOfAConversationInOrderWithoutBodiesAndDeletedBodiesAreTombstoned() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(api.post(i % 2 == 0 ? alice : bob, "/messages/send", Map.of("conversationId", chat, "body", "secret words " + i))
                    .body().get("messageId").asText());
        }
        ApiClient.eventually(() -> api.get(alice, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 10,
                "history");
        api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", messages.get(0), "body", "edited words"));
        assertThat(api.post(bob, "/messages/delete", Map.of("conversationId", chat, "messageId", messages.get(1))).status()).isEqualTo(204);

        List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> latestBodies = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("messenger.events", "messenger.message-bodies"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // the bodies topic has partitions of its own: wait for each record asserted below, not just for the tombstone
            while (System.nanoTime() < deadline && (events.size() < 13 || !latestBodies.containsKey(messages.get(1))
                    || latestBodies.get(messages.get(1)).value() != null || !latestBodies.containsKey(messages.get(2))
                    || !latestBodies.containsKey(messages.get(0))
                    || !new String(latestBodies.get(messages.get(0)).value(), StandardCharsets.UTF_8).contains("edited words"))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals("messenger.events") && chat.equals(record.key())) {
                        events.add(record);
                    } else if (record.topic().equals("messenger.message-bodies") && messages.contains(record.key())) {
                        latestBodies.put(record.key(), record);
                    }
                }
            }
        }

        // ConversationStarted, its acceptance as a message request, 10 sends, the edit, the delete: in the order they were
        // appended, each once (by event id)
        Set<String> ids = new LinkedHashSet<>();
        List<Long> sequences = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : events) {
            if (ids.add(header(record, "event-id"))) {
                sequences.add(Long.parseLong(header(record, "sequence")));
                types.add(header(record, "type"));
            }
            assertThat(header(record, "revision")).isNotEmpty();
            assertThat(header(record, "timestamp")).isNotEmpty();
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("secret words", "edited words");
        }
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
        assertThat(types.subList(0, 2)).containsExactly("ConversationStarted", "MessageRequestAccepted");
        assertThat(types.subList(2, 12)).containsOnly("MessageSent");
        assertThat(types.subList(12, 14)).containsExactly("MessageEdited", "MessageDeleted");
        JsonNode firstSend = JSON.readTree(events.get(2).value());
        assertThat(firstSend.get("messageId").asText()).isEqualTo(messages.get(0));
        assertThat(firstSend.get("body").isNull()).isTrue();

        // bodies: the latest value per message id is the current body; a deleted message's is a tombstone
        assertThat(JSON.readTree(latestBodies.get(messages.get(0)).value()).get("body").asText()).isEqualTo("edited words");
        assertThat(JSON.readTree(latestBodies.get(messages.get(2)).value()).get("body").asText()).isEqualTo("secret words 2");
        assertThat(latestBodies.get(messages.get(1)).value()).as("tombstone").isNull();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().url(Engine.KAFKA));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
