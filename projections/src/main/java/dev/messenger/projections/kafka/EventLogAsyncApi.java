package dev.messenger.projections.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The Kafka log described as an AsyncAPI 3.0 document: the two topics as channels, one message per event type whose
 * payload is the event's JSON Schema (the current revision, as in event-schema) and whose headers are the CloudEvents
 * and log headers {@link KafkaPublisher} writes, so that a consumer (or a code generator) needs nothing but this.
 */
public final class EventLogAsyncApi {

    private EventLogAsyncApi() {
    }

    /**
     * The current JSON Schema of each event type, by the type's simple name, as event-schema ships them on the class
     * path ({@code schemas/<Type>.schema.json}; earlier revisions are under {@code schemas/revisions/}).
     */
    public static Map<String, JsonNode> currentSchemas(ObjectMapper json) throws IOException {
        Map<String, JsonNode> schemas = new TreeMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:schemas/*.schema.json")) {
            String file = resource.getFilename();
            try (InputStream in = resource.getInputStream()) {
                schemas.put(file.substring(0, file.length() - ".schema.json".length()), json.readTree(in));
            }
        }
        return schemas;
    }

    /**
     * @param schemas the current JSON Schema of each event type, by the type's simple name
     */
    public static ObjectNode document(ObjectMapper json, EventLogTopics topics, Map<String, JsonNode> schemas) {
        ObjectNode document = json.createObjectNode().put("asyncapi", "3.0.0");
        document.putObject("info").put("title", "Messenger event log").put("version", "1")
                .put("description", "Every event of the log, published to Kafka at least once (de-duplicate by ce_id), "
                        + "keyed by aggregate so that one conversation's events keep their order in one partition. "
                        + "Message bodies are left out of the events and kept in a compacted topic, keyed by message "
                        + "id and tombstoned when the message is deleted. Each record is a CloudEvent in Kafka's binary "
                        + "mode.");
        document.put("defaultContentType", "application/json");

        ObjectNode components = document.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode eventsChannelMessages = json.createObjectNode();
        for (Map.Entry<String, JsonNode> schema : new TreeMap<>(schemas).entrySet()) {
            String type = schema.getKey();
            ObjectNode message = messages.putObject(type);
            message.put("name", KafkaPublisher.TYPE_PREFIX + type).put("title", type)
                    .put("contentType", "application/json");
            if (schema.getValue().hasNonNull("description")) {
                message.put("summary", schema.getValue().get("description").asText());
            }
            message.set("headers", headers(json, KafkaPublisher.EVENTS_SOURCE.toString(), KafkaPublisher.TYPE_PREFIX + type,
                    schema.getValue().path("$id").asText(null)));
            message.set("payload", schema.getValue());
            eventsChannelMessages.putObject(type).put("$ref", "#/components/messages/" + type);
        }
        ObjectNode body = messages.putObject("MessageBody");
        body.put("name", KafkaPublisher.BODY_TYPE).put("title", "MessageBody").put("contentType", "application/json")
                .put("summary", "A message's body (the latest edit) and the file it carries, or for an end-to-end encrypted "
                        + "message its envelopes as ciphertexts; a record without a value (a tombstone) when the message is deleted.");
        body.set("headers", headers(json, KafkaPublisher.BODIES_SOURCE.toString(), KafkaPublisher.BODY_TYPE, null));
        ObjectNode bodyPayload = body.putObject("payload");
        bodyPayload.put("type", "object");
        bodyPayload.putArray("required").add("conversationId").add("messageId");
        ObjectNode bodyProperties = bodyPayload.putObject("properties");
        bodyProperties.putObject("conversationId").put("type", "string");
        bodyProperties.putObject("messageId").put("type", "string");
        bodyProperties.putObject("body").put("type", "string");
        ObjectNode media = bodyProperties.putObject("media");
        media.put("type", "object").put("description", "The file the message carries (MessageSent's media, which the events topic leaves out).");
        media.putArray("required").add("mediaId").add("contentType").add("size");
        ObjectNode mediaProperties = media.putObject("properties");
        mediaProperties.putObject("mediaId").put("type", "string");
        mediaProperties.putObject("contentType").put("type", "string");
        mediaProperties.putObject("size").put("type", "integer");
        mediaProperties.putObject("width").putArray("type").add("integer").add("null");
        mediaProperties.putObject("height").putArray("type").add("integer").add("null");
        mediaProperties.putObject("durationMillis").putArray("type").add("integer").add("null");
        ObjectNode waveform = mediaProperties.putObject("waveform");
        waveform.putArray("type").add("array").add("null");
        waveform.putObject("items").put("type", "integer").put("minimum", 0).put("maximum", 100);
        bodyProperties.putObject("ciphertexts").put("type", "object").putObject("additionalProperties").put("type", "string");

        ObjectNode channels = document.putObject("channels");
        ObjectNode events = channels.putObject("events");
        events.put("address", topics.events()).put("description", "Every event, keyed by its aggregate id (ce_subject).");
        events.set("messages", eventsChannelMessages);
        ObjectNode bodies = channels.putObject("messageBodies");
        bodies.put("address", topics.bodies())
                .put("description", "Message bodies, compacted, keyed by message id; a tombstone forgets a deleted one.");
        bodies.putObject("messages").putObject("MessageBody").put("$ref", "#/components/messages/MessageBody");

        ObjectNode operations = document.putObject("operations");
        operation(operations, "publishEvents", "events", eventsChannelMessages.fieldNames());
        operation(operations, "publishMessageBodies", "messageBodies", java.util.List.of("MessageBody").iterator());
        return document;
    }

    private static void operation(ObjectNode operations, String name, String channel, java.util.Iterator<String> messages) {
        ObjectNode operation = operations.putObject(name);
        operation.put("action", "send");
        operation.putObject("channel").put("$ref", "#/channels/" + channel);
        ArrayNode refs = operation.putArray("messages");
        messages.forEachRemaining(message -> refs.addObject().put("$ref", "#/channels/" + channel + "/messages/" + message));
    }

    /** The record headers of a message: the CloudEvents attributes (binary mode) and the log's own. */
    private static ObjectNode headers(ObjectMapper json, String source, String type, String dataSchema) {
        ObjectNode headers = json.createObjectNode().put("type", "object");
        ArrayNode required = headers.putArray("required");
        ObjectNode properties = headers.putObject("properties");
        header(properties, required, "ce_specversion", "CloudEvents version", "1.0");
        header(properties, required, "ce_id", "the event's id (the same for its body record): de-duplicate by it", null);
        header(properties, required, "ce_source", "where it comes from", source);
        header(properties, required, "ce_type", "what happened", type);
        header(properties, required, "ce_time", "when it was recorded (RFC 3339)", null);
        header(properties, required, "ce_subject", "the record's key: the aggregate (events) or the message (bodies)", null);
        if (dataSchema != null) {
            header(properties, required, "ce_dataschema", "the $id of the payload's JSON Schema revision", dataSchema);
        }
        header(properties, required, "content-type", "the payload's media type", "application/json");
        header(properties, required, "type", "the event's type (as before CloudEvents)", null);
        header(properties, required, "revision", "the event's schema revision", null);
        header(properties, required, "event-id", "the event's id (as ce_id)", null);
        header(properties, required, "timestamp", "when it was recorded (ISO-8601)", null);
        ObjectNode aggregate = properties.putObject("aggregate-id");
        aggregate.put("type", "string").put("description", "the aggregate of a domain event");
        ObjectNode sequence = properties.putObject("sequence");
        sequence.put("type", "string").put("description", "the event's number in its aggregate, from 0");
        return headers;
    }

    private static void header(ObjectNode properties, ArrayNode required, String name, String description, String constant) {
        ObjectNode header = properties.putObject(name);
        header.put("type", "string").put("description", description);
        if (constant != null) {
            header.put("const", constant);
        }
        required.add(name);
    }
}
