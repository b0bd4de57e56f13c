package dev.messenger.gateway.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.projections.message.MessageView;
import dev.messenger.projections.message.ServiceItem;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The events of {@code GET /events} and {@code GET /sync} in the OpenAPI document: each event's data as a schema named
 * after it ({@code message.edited} → {@code MessageEditedData}), from {@code openapi/stream-events.json} (the one place they
 * are described; {@code StreamEventsDocumentedIT} holds real streams to it), and a {@code StreamEvent} (id, event, data)
 * that both operations answer with, where springdoc sees only a {@code ServerSentEvent<String>} and a raw JSON string.
 */
@Component
public class StreamEventSchemas implements OpenApiCustomizer {

    static final String RESOURCE = "/openapi/stream-events.json";

    private final Map<String, Schema<?>> dataByEvent = new LinkedHashMap<>();

    public StreamEventSchemas() {
        try (InputStream in = StreamEventSchemas.class.getResourceAsStream(RESOURCE)) {
            JsonNode events = Json31.mapper().readTree(in);
            for (Iterator<Map.Entry<String, JsonNode>> fields = events.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> event = fields.next();
                if (!event.getKey().startsWith("$")) {
                    dataByEvent.put(event.getKey(), Json31.mapper().convertValue(event.getValue(), Schema.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the stream events' schemas", e);
        }
    }

    /** The name of the schema of an event's data. */
    public static String schemaName(String event) {
        StringBuilder name = new StringBuilder();
        for (String part : event.split("\\.")) {
            name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return name.append("Data").toString();
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        // the history item and service item, which the document otherwise only names (HistoryView's oneOf)
        for (Class<?> type : List.of(MessageView.class, ServiceItem.class)) {
            ModelConverters.getInstance(true).readAll(new AnnotatedType(type)).forEach(components::addSchemas);
        }
        // written even when null (a file without a caption, a deleted message), which the record's type does not say
        ((Schema<?>) components.getSchemas().get("MessageView").getProperties().get("body")).setTypes(new java.util.LinkedHashSet<>(List.of("string", "null")));
        List<Schema> shapes = new ArrayList<>();
        dataByEvent.forEach((event, data) -> {
            components.addSchemas(schemaName(event), data);
            shapes.add(new Schema<>().$ref("#/components/schemas/" + schemaName(event)));
        });
        Schema<Object> streamEvent = new Schema<>().types(java.util.Set.of("object")).addRequiredItem("event").addRequiredItem("data")
                .description("One event of the caller's stream. As server-sent events: `id:` (absent for ephemeral events: "
                        + "typing, presence.changed, export.progress, and for feed.reset), `event:` and `data:` lines; in "
                        + "GET /sync the same three as JSON. `data` is the schema named after the event: message.edited → "
                        + "MessageEditedData.");
        streamEvent.addProperty("id", new Schema<>().types(java.util.Set.of("integer")).format("int64")
                .description("the caller's feed position, strictly increasing; give it back as Last-Event-ID or since"));
        streamEvent.addProperty("event", new Schema<>().types(java.util.Set.of("string"))._enum(new ArrayList<>(dataByEvent.keySet())));
        streamEvent.addProperty("data", new Schema<>().anyOf(shapes));
        components.addSchemas("StreamEvent", streamEvent);
        components.getSchemas().remove("ServerSentEventString");
        components.getSchemas().remove("SyncEvent");

        Schema<?> oneEvent = new Schema<>().$ref("#/components/schemas/StreamEvent");
        Operation events = openApi.getPaths().get("/events").getGet();
        events.getResponses().get("200").content(new Content().addMediaType("text/event-stream", new MediaType().schema(oneEvent)));
        Schema<?> syncPage = components.getSchemas().get("SyncPage");
        syncPage.getProperties().get("events").setItems(oneEvent);
    }
}
