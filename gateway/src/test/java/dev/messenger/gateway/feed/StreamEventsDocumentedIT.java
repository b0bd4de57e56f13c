package dev.messenger.gateway.feed;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.EventStory;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Every event the streams carry is as the API description says: a story of nearly everything a messenger records
 * ({@link EventStory}, and the few things it leaves out), read back from each user's feed ({@code /sync}) and, for the
 * ephemeral events, from live streams; each event's data is validated against the schema the served OpenAPI document
 * gives that event (JSON Schema 2020-12), and may hold no property that schema does not name.
 */
class StreamEventsDocumentedIT extends GatewayIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Documented, but not made here: a rebuild's reset, and an invitation accepted (its shape is the declined one's). */
    private static final Set<String> NOT_PRODUCED = Set.of("feed.reset", "invitation.accepted");

    @Test
    void everyEventOnTheStreamsIsAsTheApiDescriptionSays() throws Exception {
        ApiClient api = api();
        EventStory.Cast cast = EventStory.tell(api);
        List<User> everyone = new ArrayList<>(List.of(cast.a(), cast.b(), cast.c(), cast.d(), cast.e()));

        // what the story leaves out: a reaction taken back, message requests declined and accepted, a member added,
        // a declined invitation and request to join
        String reacted = null;
        for (JsonNode item : api.get(cast.b(), "/messages/history?conversation_id=" + cast.group()).body().get("messages")) {
            if ("group talk 0".equals(item.path("body").asText())) {
                reacted = item.get("messageId").asText();
            }
        }
        assertThat(api.post(cast.b(), "/reactions/remove", Map.of("conversationId", cast.group(), "messageId", reacted,
                "emoji", "\uD83D\uDC4D")).status()).isEqualTo(204);
        User f = api.signUp("f");
        User g = api.signUp("g");
        everyone.addAll(List.of(f, g));
        String declined = api.messageRequest(f, g);
        api.post(g, "/conversations/" + declined + "/decline", Map.of());
        api.directChat(g, cast.e());
        assertThat(api.post(cast.b(), "/conversations/" + cast.group() + "/participants", Map.of("userId", g.userId())).status())
                .isEqualTo(204);
        eventually(() -> api.get(cast.d(), "/invitations").body().get("invitations").size() == 1, "d's invitation");
        String invitation = api.get(cast.d(), "/invitations").body().get("invitations").get(0).get("invitationId").asText();
        api.post(cast.d(), "/invitations/" + invitation + "/decline", Map.of());
        api.post(cast.b(), "/conversations/" + cast.group() + "/join-requests/" + cast.d().userId() + "/decline", Map.of());

        // the ephemeral ones, live: typing, presence, an export's progress
        List<ServerSentEvent<String>> live = new ArrayList<>();
        try (ApiClient.EventStream bStream = api.openEvents(cast.b(), null)) {
            try (ApiClient.EventStream cStream = api.openEvents(cast.c(), null)) {
                live.add(bStream.next("presence.changed"));
                api.post(cast.c(), "/conversations/" + cast.direct() + "/typing", Map.of());
                live.add(bStream.next("typing"));
                api.post(cast.b(), "/users/me/export", Map.of());
                live.add(bStream.next("export.progress"));
            }
        }

        JsonNode description = ApiClient.json(api.getText(cast.a(), "/v3/api-docs").text());
        JsonNode described = description.get("components").get("schemas").get("StreamEvent").get("properties").get("event").get("enum");
        Map<String, JsonSchema> schemas = new HashMap<>();
        Set<String> seen = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (ServerSentEvent<String> event : live) {
            check(event.event(), JSON.readTree(event.data()), description, schemas, seen, wrong);
        }
        for (User user : everyone) {
            eventually(() -> api.get(user, "/sync?since=0&limit=500").status() == 200, "sync");
            for (JsonNode event : api.get(user, "/sync?since=0&limit=500").body().get("events")) {
                check(event.get("event").asText(), event.get("data"), description, schemas, seen, wrong);
            }
        }
        assertThat(wrong).as("events unlike their description").isEmpty();
        Set<String> expected = new TreeSet<>();
        described.forEach(name -> expected.add(name.asText()));
        expected.removeAll(NOT_PRODUCED);
        assertThat(seen).as("the story made every event the description lists").containsAll(expected);
    }

    private static void check(String event, JsonNode data, JsonNode description, Map<String, JsonSchema> schemas,
                              Set<String> seen, List<String> wrong) {
        seen.add(event);
        String name = StreamEventSchemas.schemaName(event);
        JsonNode declared = description.get("components").get("schemas").get(name);
        if (declared == null) {
            wrong.add(event + ": no schema " + name + " in the description");
            return;
        }
        JsonSchema schema = schemas.computeIfAbsent(name, n -> {
            ObjectNode root = JSON.createObjectNode().put("$ref", "#/components/schemas/" + n);
            root.set("components", description.get("components"));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        });
        schema.validate(data).forEach(message -> wrong.add(event + ": " + message.getMessage()));
        // and nothing it does not name (the description may not fall behind what is sent)
        JsonNode properties = resolved(declared, description).path("properties");
        data.fieldNames().forEachRemaining(field -> {
            if (!properties.has(field)) {
                wrong.add(event + ": " + field + " is not in " + name);
            }
        });
    }

    private static JsonNode resolved(JsonNode schema, JsonNode description) {
        while (schema.has("$ref")) {
            schema = description.get("components").get("schemas").get(schema.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        return schema;
    }
}
