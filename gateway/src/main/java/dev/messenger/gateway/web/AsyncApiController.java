package dev.messenger.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.projections.kafka.EventLogAsyncApi;
import dev.messenger.projections.kafka.EventLogTopics;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Kafka event log's AsyncAPI document, with every event's JSON Schema in it ({@link EventLogAsyncApi}), next to
 * the HTTP API's OpenAPI document and as public as it. Built once at start (reading the schemas is blocking I/O).
 */
@RestController
public class AsyncApiController {

    private final ObjectNode document;

    public AsyncApiController(ObjectMapper json, EventLogTopics topics) throws IOException {
        this.document = EventLogAsyncApi.document(json, topics, EventLogAsyncApi.currentSchemas(json));
    }

    @GetMapping(path = "/asyncapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode asyncApi() {
        return document;
    }
}
