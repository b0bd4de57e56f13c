package dev.messenger.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Requests Spring Security's firewall refuses before any handler sees them (an encoded slash, a NUL or a
 * dot segment in the path, a header with control characters) get a problem+json 400 like every other
 * refusal, instead of an empty one.
 */
@Configuration(proxyBeanMethods = false)
public class RejectedExchanges {

    @Bean
    ServerExchangeRejectedHandler serverExchangeRejectedHandler() {
        return (exchange, rejected) -> ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "invalid-request",
                "the request's path or headers are not acceptable");
    }
}
