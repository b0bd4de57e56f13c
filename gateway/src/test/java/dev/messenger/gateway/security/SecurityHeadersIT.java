package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** Response headers that protect browsers, and cross-origin access only for the configured origins. */
class SecurityHeadersIT extends GatewayIntegrationTest {

    private static final String ALLOWED = "https://app.messenger.test"; // application-it.yml

    @Test
    void everyAnswerCarriesTheProtectiveHeaders() {
        ApiClient.User user = api().signUp("headers");
        for (String path : new String[] {"/users/me", "/conversations", "/no-such-path"}) {
            http.get().uri(path).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange()
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Content-Security-Policy", "frame-ancestors 'none'")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"));
        }
    }

    @Test
    void aConfiguredOriginMayCallTheApiFromABrowser() {
        http.options().uri("/messages/send")
                .header(HttpHeaders.ORIGIN, ALLOWED)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, value -> assertThat(value.toLowerCase()).contains("authorization"))
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }

    @Test
    void anyOtherOriginIsRefused() {
        http.options().uri("/messages/send")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        ApiClient.User user = api().signUp("origin");
        http.get().uri("/users/me").header(HttpHeaders.AUTHORIZATION, user.bearer()).header(HttpHeaders.ORIGIN, "https://evil.example")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
