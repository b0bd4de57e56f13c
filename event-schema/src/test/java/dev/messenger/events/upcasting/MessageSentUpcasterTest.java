package dev.messenger.events.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** MessageSent revision 1, as stored before revision 2 existed, read as revision 2. */
class MessageSentUpcasterTest {

    /** A revision-1 payload exactly as the event store holds it. */
    static final String REVISION_1 = "{\"conversationId\":\"g-1\",\"messageId\":\"m-1\",\"seq\":1,\"senderId\":\"u-1\","
            + "\"body\":\"hello\",\"clientMessageId\":\"c-1\",\"replyTo\":null,\"sentAt\":\"2026-01-01T09:00:00Z\"}";

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();

    @Test
    void theStoredRevision1PayloadIsValidRevision1() throws IOException {
        assertThat(schema("/schemas/revisions/MessageSent.1.schema.json").validate(mapper.readTree(REVISION_1))).isEmpty();
        assertThat(schema("/schemas/MessageSent.schema.json").validate(mapper.readTree(REVISION_1)))
                .as("revision 1 is not valid revision 2: the upcaster has work to do").isNotEmpty();
    }

    @Test
    void revision1IsUpcastToARevision2TextMessageThatValidatesAndLoads() throws IOException {
        IntermediateEventRepresentation upcast = upcast(REVISION_1, "1");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        JsonNode payload = upcast.getData(JsonNode.class).getData();
        assertThat(payload.get("kind").asText()).isEqualTo("TEXT");
        assertThat(schema("/schemas/MessageSent.schema.json").validate(payload)).isEmpty();
        MessageSent event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new MessageSent("g-1", "m-1", 1, "u-1", "hello", "c-1", null,
                Instant.parse("2026-01-01T09:00:00Z"), MessageKind.TEXT, null));
    }

    @Test
    void revision2IsLeftAlone() throws IOException {
        String revision2 = mapper.writeValueAsString(new MessageSent("g-1", "m-2", 2, "u-1", "hi", null, null,
                Instant.parse("2026-01-01T09:00:00Z")));
        IntermediateEventRepresentation untouched = upcast(revision2, "2");
        assertThat(untouched.getType().getRevision()).isEqualTo("2");
        assertThat(untouched.getData(JsonNode.class).getData()).isEqualTo(mapper.readTree(revision2));
    }

    private IntermediateEventRepresentation upcast(String payload, String revision) {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Conversation", "g-1", 1, "e-1",
                Instant.parse("2026-01-01T09:00:00Z"), MessageSent.class.getName(), revision,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> result = new MessageSentUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();
        assertThat(result).hasSize(1);
        return result.get(0);
    }

    private static JsonSchema schema(String path) throws IOException {
        try (InputStream in = MessageSentUpcasterTest.class.getResourceAsStream(path)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }
}
