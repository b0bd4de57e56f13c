package dev.messenger.gateway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The problem answers of every operation in the OpenAPI document, as {@code application/problem+json} (RFC 9457) with
 * one {@code Problem} schema. Springdoc lists what each handler returns; the problems come from the validation, the
 * security filters, the rate limits and {@link ProblemHandler}, which it cannot see. So every operation gets 400, 401
 * (a token that is not valid is refused even where none is needed), 429 and 503; the admin ones and the writes 403;
 * the writes 409 and 422 (the aggregates' rules, an idempotency key reused); those that name a conversation, message,
 * file, user or other resource 404 (also what a non-member gets for anything about a conversation); those with a body
 * 413 and 415.
 * A response a handler documents itself is kept. HostileInputIT checks that every refusal it provokes is listed.
 */
@Component
public class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM = "application/problem+json";
    private static final List<String> PUBLIC = List.of("/auth/token", "/auth/register", "/auth/refresh", "/push/vapid-public-key");

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas("Problem", problemSchema());
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            ApiResponses responses = operation.getResponses();
            add(responses, "400", "Refused as sent: `validation` (the fields in `errors[]`), or `invalid-request`.", false);
            if (path.equals("/auth/token") || path.equals("/auth/refresh")) {
                add(responses, "401", "`invalid-credentials`: a wrong username or password, or a refresh token that is "
                        + "expired, used already or signed out.", false);
            } else if (PUBLIC.contains(path)) {
                add(responses, "401", "`unauthorized`: this operation needs no token, but one that was sent is not valid.", false);
            } else {
                add(responses, "401", "`unauthorized`: no access token, or one that is expired, revoked or not valid.", false);
            }
            boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
            if (path.startsWith("/admin")) {
                add(responses, "403", "`forbidden`: the admin role is needed.", false);
            } else if (write) {
                add(responses, "403", "`forbidden` (a role or setting of the conversation does not allow it) or `blocked` "
                        + "(one of the two blocked the other).", false);
            }
            if (write) {
                add(responses, "409", "`conflict` (or a more precise type, e.g. `export-running`, `stale-devices`): what is "
                        + "asked does not fit the current state.", false);
                add(responses, "422", "`idempotency-key-reused`: an Idempotency-Key or clientMessageId used before for a "
                        + "different request.", false);
            }
            if (path.contains("{") || takesAnId(operation)) {
                add(responses, "404", "`not-found`: no such resource, or one the caller may not see: someone who is not a "
                        + "member gets 404 for anything about a conversation.", false);
            }
            if (operation.getRequestBody() != null) {
                add(responses, "413", "The body is larger than this operation accepts.", false);
                add(responses, "415", "A body that is not of the media type this operation reads (JSON, or the file's type "
                        + "for uploads).", false);
            }
            add(responses, "429", "`rate-limited`: too many of these requests; `Retry-After` says when to try again.", true);
            add(responses, "503", "`unavailable` (`search-unavailable` for search): an engine the request needs does not "
                    + "answer, or the node's command queues are full; `Retry-After` says when to try again. Nothing was "
                    + "recorded: a write sent again with its Idempotency-Key or clientMessageId is safe.", true);
        }));
    }

    /** An operation that names what it is about in its query or body rather than its path ({@code conversation_id}, …). */
    private static boolean takesAnId(Operation operation) {
        boolean inQuery = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getName().endsWith("_id") || p.getName().endsWith("Id"));
        return inQuery || operation.getRequestBody() != null;
    }

    private static void add(ApiResponses responses, String status, String description, boolean retryAfter) {
        if (responses.containsKey(status)) {
            return;
        }
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
        if (retryAfter) {
            response.addHeaderObject("Retry-After", new Header().description("seconds to wait").schema(new IntegerSchema()));
        }
        responses.addApiResponse(status, response);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; `type` names the problem (its last segment: validation, not-found, "
                        + "forbidden, blocked, conflict, idempotency-key-reused, invalid-credentials, unauthorized, "
                        + "invalid-request, rate-limited, unavailable, search-unavailable, stale-devices, …)")
                .addProperty("type", new StringSchema().format("uri").example(ApiProblem.typeUri("not-found").toString())
                        .description("names the problem; its section of the docs is at GET /problems/<name>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().description("for `validation`: each field refused and why")
                        .items(new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema())))
                .required(List.of("type", "title", "status"));
    }
}
