package dev.messenger.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.messenger.gateway.MessengerProperties;
import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;

/**
 * The gateway is its own token issuer and an OAuth2 resource server: RS256 tokens only (anything
 * else, {@code alg: none} included, is refused), issuer, audience and expiry checked.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    RSAKey tokenSigningKey(AuthProperties auth, MessengerProperties messenger, GeneratedKeys generated) {
        return SigningKey.load(auth, messenger, generated);
    }

    @Bean
    JwtEncoder jwtEncoder(RSAKey tokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(tokenSigningKey)));
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(RSAKey tokenSigningKey, AuthProperties auth, RevokedSessionCheck revokedSessions) throws JOSEException {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(tokenSigningKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(auth.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(auth.clockSkew()), new JwtIssuerValidator(auth.issuer()), audience));
        return RevokedSessionCheck.refusingRevoked(
                new VerifiedTokenCache(decoder, auth.verifiedTokenCacheSize(), auth.tokenTtl(), auth.clockSkew(), java.time.Clock.systemUTC()),
                revokedSessions);
    }

    /**
     * Spring Security observes nothing of its own: it wrapped every filter of the chain, each authentication and each
     * authorization decision in observations (timers, and spans when sampled) that no dashboard, alert or document
     * reads, 2 to 3% of the gateway's CPU under load (docs/performance.md, seventh step). Each request is still
     * observed whole ({@code http.server.requests}, traced at the sampling rate), its status telling refusals apart.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today, with the algorithm id stored in each hash so it can be upgraded later
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Cross-origin access for browser clients served from other origins: only the origins configured
     * ({@code MESSENGER_CORS_ALLOWED_ORIGINS}, comma-separated; none by default, which allows same-origin only).
     * Bearer tokens, not cookies: no credentials mode.
     */
    @Bean
    org.springframework.web.cors.reactive.CorsConfigurationSource corsConfigurationSource(
            @org.springframework.beans.factory.annotation.Value("${messenger.cors.allowed-origins:}") List<String> allowedOrigins) {
        org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID", "Range", "If-None-Match"));
        cors.setExposedHeaders(List.of("Retry-After", "Location", "ETag", "Content-Range"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(java.time.Duration.ofHours(1));
        org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource source =
                new org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder, ManagementPort managementPort) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) ->
                ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required");
        ServerAccessDeniedHandler forbidden = (exchange, e) ->
                ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "not allowed");
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                // stateless: bearer tokens only. Without these, every request looked up (and so created) a web session
                // to find a saved security context and a saved request, neither of which this API ever has
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .cors(org.springframework.security.config.Customizer.withDefaults())
                // Spring Security's defaults (nosniff, X-Frame-Options DENY, Cache-Control no-store, HSTS over https)
                // plus: no page may frame the API or the UI, and no referrer leaves it
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(exchange -> exchange
                        // the actuator's own port, when configured, is reachable inside the cluster only
                        .matchers(request -> managementPort.received(request)
                                ? org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult.match()
                                : org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult.notMatch())
                        .permitAll()
                        // the web client's files (no data in them): its pages sign in through /auth like any client
                        .pathMatchers(org.springframework.http.HttpMethod.GET, "/", "/index.html", "/app/**", "/sw.js", "/favicon.ico").permitAll()
                        // signing out is done with the session's own access token
                        .pathMatchers(org.springframework.http.HttpMethod.POST, "/auth/logout").authenticated()
                        .pathMatchers("/auth/**", "/push/vapid-public-key", "/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
                                "/asyncapi.json", "/problems", "/problems/*").permitAll()
                        .pathMatchers("/actuator/**", "/admin/**").hasRole("ADMIN")
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resource -> resource
                        .bearerTokenConverter(bearerTokens())
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(rolesFromToken()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * The bearer token from the Authorization header, and for {@code GET /events} alone also from the
     * {@code access_token} query parameter (RFC 6750 section 2.3): a browser's {@code EventSource} cannot send
     * headers. The token is short-lived, the policy sends no referrer, and no log of this gateway holds URLs'
     * query strings. Everywhere else a token in the URL is ignored, so it is 401.
     */
    static org.springframework.security.web.server.authentication.ServerAuthenticationConverter bearerTokens() {
        var headerOnly = new org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter();
        var headerOrQuery = new org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter();
        headerOrQuery.setAllowUriQueryParameter(true);
        return exchange -> {
            var request = exchange.getRequest();
            boolean eventStream = org.springframework.http.HttpMethod.GET.equals(request.getMethod())
                    && "/events".equals(request.getPath().pathWithinApplication().value());
            return eventStream ? headerOrQuery.convert(exchange) : headerOnly.convert(exchange);
        };
    }

    private static Converter<Jwt, Mono<AbstractAuthenticationToken>> rolesFromToken() {
        Converter<Jwt, AbstractAuthenticationToken> converter = jwt -> {
            List<String> roles = jwt.getClaimAsStringList(TokenService.ROLES_CLAIM);
            Collection<GrantedAuthority> authorities = roles == null ? List.of()
                    : roles.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase())).toList();
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        };
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }
}
