package dev.messenger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the gateway serves is the one in the repository ({@code docs/openapi.json}), from which the build
 * generates the example client: a change to the API shows in review, and the client is never generated from a stale
 * description. After an intended change, {@code ./mvnw verify -pl gateway -Dit.test=OpenApiDocumentIT -Dopenapi.write=true}
 * writes the served document there (should the generator refuse the one in the repository first, write it from a running
 * gateway's {@code /v3/api-docs}, without {@code servers}: it is compared as JSON, not as text).
 */
class OpenApiDocumentIT extends GatewayIntegrationTest {

    static final Path IN_REPOSITORY = Path.of("..", "docs", "openapi.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A problem's type names a section of docs/problems.md, which every gateway serves without a token. */
    @Test
    void problemTypesResolveToTheirSectionOfTheDocs() {
        ApiClient api = api();
        ApiClient.Response missing = api.post(api.signUp("problems"), "/messages/send", java.util.Map.of("conversationId", "c-none", "body", "x"));
        String type = missing.body().get("type").asText();
        assertThat(type).startsWith(ApiProblem.TYPE_BASE);
        String name = type.substring(ApiProblem.TYPE_BASE.length());
        http.get().uri("/problems/" + name).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/markdown")
                .expectBody(String.class).value(section -> assertThat(section).startsWith("# " + name + "\n").contains("404"));
        http.get().uri("/problems").exchange().expectStatus().isOk().expectBody(String.class)
                .value(page -> assertThat(page).contains("## rate-limited", "## validation"));
        http.get().uri("/problems/no-such-problem").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith("application/problem+json");
    }

    @Test
    void theServedDocumentIsTheOneInTheRepository() throws Exception {
        ApiClient api = api();
        JsonNode served = ApiClient.json(api.getText(api.signUp("openapi"), "/v3/api-docs").text());
        ((ObjectNode) served).remove("servers"); // the test's random port
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(IN_REPOSITORY, JSON.writeValueAsString(JSON.treeToValue(served, Object.class)) + "\n");
        }
        java.util.Set<String> named = new java.util.TreeSet<>();
        served.path("components").path("schemas").fieldNames().forEachRemaining(named::add);
        java.util.Set<String> referenced = new java.util.TreeSet<>();
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\"#/components/schemas/([^\"]+)\"").matcher(served.toString());
        while (refs.find()) {
            referenced.add(refs.group(1));
        }
        assertThat(named).as("every schema the document refers to is in it").containsAll(referenced);
        assertThat(served).as("docs/openapi.json is the served document (see this test's comment to rewrite it)")
                .isEqualTo(JSON.readTree(IN_REPOSITORY.toFile()));
    }
}
