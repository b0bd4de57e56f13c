package dev.messenger.gateway.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where problem types point ({@code messenger.problems.base-uri}): by default the API's own identifiers under
 * {@code https://messenger.dev/problems/}; an operator who sets it to a gateway's {@code /problems/} makes every type a
 * link to its section of the docs, which each gateway serves ({@link ProblemTypesController}).
 */
@ConfigurationProperties("messenger.problems")
@org.springframework.validation.annotation.Validated
public record ProblemProperties(@NotBlank @Pattern(regexp = "https?://\\S+", message = "an http(s) URI") String baseUri) {

    public ProblemProperties {
        if (baseUri != null) {
            ApiProblem.useBase(baseUri); // one base for the whole node, read where problems are written
        }
    }
}
