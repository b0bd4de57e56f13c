package dev.messenger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.client.ApiClient;
import dev.messenger.client.ApiException;
import dev.messenger.client.ApiResponse;
import dev.messenger.client.api.AccountsAndTokensApi;
import dev.messenger.client.api.ConversationsApi;
import dev.messenger.client.api.MessagesApi;
import dev.messenger.client.model.ConversationView;
import dev.messenger.client.model.RegisterRequest;
import dev.messenger.client.model.SendRequest;
import dev.messenger.client.model.SentView;
import dev.messenger.client.model.StartRequest;
import dev.messenger.client.model.TokenRequest;
import dev.messenger.client.model.UserView;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client generated from the API's description (openapi-generator, Java, {@code java.net.http}; see the gateway's POM)
 * talks to the gateway: what the description says about requests, answers and their status codes is what the API does.
 * Each status it receives is checked against the ones the description lists for that operation.
 */
class GeneratedClientIT extends GatewayIntegrationTest {

    private static JsonNode description;

    @BeforeAll
    static void readDescription() throws Exception {
        description = new ObjectMapper().readTree(OpenApiDocumentIT.IN_REPOSITORY.toFile());
    }

    @Test
    void aGeneratedClientSignsUpStartsAChatAndSendsAsTheDescriptionSays() throws Exception {
        AccountsAndTokensApi accounts = new AccountsAndTokensApi(client(null));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ApiResponse<UserView> alice = accounts.accountRegisterWithHttpInfo(
                new RegisterRequest().username("gen_a_" + suffix).password("correct horse").displayName("Alice"));
        assertDocumented("accountRegister", alice.getStatusCode()).isEqualTo(201);
        UserView bob = accounts.accountRegister(new RegisterRequest().username("gen_b_" + suffix).password("correct horse").displayName("Bob"));
        Map<String, Object> token = accounts.accountToken(new TokenRequest().username("gen_a_" + suffix).password("correct horse"));
        ApiClient signedIn = client((String) token.get("access_token"));

        ConversationsApi conversations = new ConversationsApi(signedIn);
        StartRequest direct = new StartRequest().type("direct").participants(List.of(bob.getUserId()));
        ApiResponse<ConversationView> started = conversations.conversationStartWithHttpInfo(direct, null);
        assertDocumented("conversationStart", started.getStatusCode()).isEqualTo(201);
        ApiResponse<ConversationView> again = conversations.conversationStartWithHttpInfo(direct, null);
        assertDocumented("conversationStart", again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData().getConversationId()).isEqualTo(started.getData().getConversationId());

        MessagesApi messages = new MessagesApi(signedIn);
        SendRequest hello = new SendRequest().conversationId(started.getData().getConversationId()).body("hello from a generated client")
                .clientMessageId("c-" + suffix);
        ApiResponse<SentView> sent = messages.messageSendWithHttpInfo(hello, null);
        assertDocumented("messageSend", sent.getStatusCode()).isEqualTo(201);
        assertThat(sent.getData().getSeq()).isEqualTo(1L);
        ApiResponse<SentView> retried = messages.messageSendWithHttpInfo(hello, null);
        assertDocumented("messageSend", retried.getStatusCode()).isEqualTo(200);
        assertThat(retried.getData().getMessageId()).isEqualTo(sent.getData().getMessageId());

        ApiException unknown = catchThrowableOfType(ApiException.class, () -> messages.messageSend(
                new SendRequest().conversationId("c-" + UUID.randomUUID()).body("to nowhere"), null));
        assertDocumented("messageSend", unknown.getCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(unknown.getResponseBody()).get("type").asText()).isEqualTo(ApiProblem.TYPE_BASE + "not-found");
    }

    private ApiClient client(String accessToken) {
        ApiClient client = new ApiClient().setScheme("http").setHost("localhost").setPort(port);
        if (accessToken != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
        }
        return client;
    }

    /** The status, after checking that the description lists it for the operation. */
    private static org.assertj.core.api.AbstractIntegerAssert<?> assertDocumented(String operationId, int status) {
        JsonNode operation = null;
        for (JsonNode path : description.get("paths")) {
            for (JsonNode candidate : path) {
                if (operationId.equals(candidate.path("operationId").asText())) {
                    operation = candidate;
                }
            }
        }
        assertThat(operation).as(operationId + " in the description").isNotNull();
        assertThat(operation.get("responses").has(String.valueOf(status))).as(operationId + " lists " + status).isTrue();
        return assertThat(status);
    }
}
