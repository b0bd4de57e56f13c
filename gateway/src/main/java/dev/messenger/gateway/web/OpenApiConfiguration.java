package dev.messenger.gateway.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The description served at /v3/api-docs: the contract of shared/API.md plus what it leaves open. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI messengerApi() {
        return new OpenAPI()
                .info(new Info().title("Messenger API").version("1")
                        .description("""
                                Event-sourced messenger backend. JSON bodies in UTF-8, ids are opaque strings, times are \
                                ISO-8601 UTC with milliseconds. Every endpoint except /auth/*, /actuator/health and the API \
                                docs takes `Authorization: Bearer <token>` from POST /auth/token. Errors are \
                                application/problem+json (RFC 9457) with a `type` under https://messenger.dev/problems/ (or the \
                                base an operator set), each documented at GET /problems/<name>. \
                                Writes accept an Idempotency-Key header (1-128 characters). A 2xx write is in the event \
                                store; read models (history, inbox, feeds) follow within milliseconds."""))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
