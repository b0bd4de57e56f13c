package dev.messenger.gateway.web;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read as the contract types them: a number or a boolean where a string belongs is a
 * 400, not silently its text (Jackson's default), and text is not read as a number or a boolean
 * ({@code spring.jackson.mapper.allow-coercion-of-scalars: false}).
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer noScalarsAsText() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
