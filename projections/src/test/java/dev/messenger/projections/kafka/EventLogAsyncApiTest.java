package dev.messenger.projections.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event log's AsyncAPI document: every event's schema in it, headers as published, and no dangling reference. */
class EventLogAsyncApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventLogTopics TOPICS = new EventLogTopics("messenger.events", "messenger.message-bodies", 6, (short) 1);

    @Test
    void everyEventTypeIsAMessageOfTheEventsChannelWithItsSchemaAndItsCloudEventsAttributes() throws Exception {
        Map<String, JsonNode> schemas = EventLogAsyncApi.currentSchemas(JSON);
        assertThat(schemas).containsKeys("MessageSent", "ConversationStarted", "JoinRequested").hasSizeGreaterThan(30);
        JsonNode document = EventLogAsyncApi.document(JSON, TOPICS, schemas);

        assertThat(document.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(document.at("/channels/events/address").asText()).isEqualTo("messenger.events");
        assertThat(document.at("/channels/messageBodies/address").asText()).isEqualTo("messenger.message-bodies");
        for (Map.Entry<String, JsonNode> schema : schemas.entrySet()) {
            String type = schema.getKey();
            JsonNode message = document.at("/components/messages/" + type);
            assertThat(message.get("payload")).isEqualTo(schema.getValue());
            assertThat(message.at("/headers/properties/ce_type/const").asText()).isEqualTo("dev.messenger." + type);
            // the dataschema KafkaPublisher writes (prefix, type, revision) is the $id of the schema in the document
            String id = schema.getValue().get("$id").asText();
            assertThat(id).startsWith(KafkaPublisher.SCHEMA_PREFIX + type + "/");
            assertThat(message.at("/headers/properties/ce_dataschema/const").asText()).isEqualTo(id);
            assertThat(document.at("/channels/events/messages/" + type + "/$ref").asText())
                    .isEqualTo("#/components/messages/" + type);
        }
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        JsonNode document = EventLogAsyncApi.document(JSON, TOPICS, Map.of("MessageSent", JSON.createObjectNode()
                .put("$id", "https://messenger.dev/schemas/MessageSent/2").put("type", "object")));
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).hasSizeGreaterThanOrEqualTo(6);
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(JsonPointer.compile(reference.substring(1))).isMissingNode()).as(reference).isFalse();
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.has("$ref")) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }
}
