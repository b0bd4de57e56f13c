package dev.messenger.gateway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Success answers as the API gives them, where springdoc infers them from Java types: 204 and 304 have no body (springdoc
 * gives them the handler's return type), and a file streamed as {@code Flux<DataBuffer>} is bytes of its own type, not
 * an array of Spring's buffer objects.
 */
@Component
public class SuccessResponses implements OpenApiCustomizer {

    private static final String BUFFER = "#/components/schemas/DataBuffer";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation.getResponses().forEach((code, response) -> {
            if (code.equals("204") || code.equals("304")) {
                response.setContent(null);
            } else if (code.startsWith("2") && streamsBytes(response)) {
                response.setContent(new Content().addMediaType("application/octet-stream", new MediaType().schema(new BinarySchema())));
            }
        })));
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().remove("DataBuffer");
        }
    }

    private static boolean streamsBytes(ApiResponse response) {
        return response.getContent() != null && response.getContent().values().stream().map(MediaType::getSchema)
                .anyMatch(schema -> schema != null && (BUFFER.equals(schema.get$ref())
                        || (schema.getItems() instanceof Schema<?> items && BUFFER.equals(items.get$ref()))));
    }
}
