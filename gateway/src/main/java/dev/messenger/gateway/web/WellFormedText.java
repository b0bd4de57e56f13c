package dev.messenger.gateway.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every string of every JSON request body is well-formed Unicode. JSON lets a client write a lone surrogate
 * ({@code "\ud800"}), which no UTF-8 store, index or client can represent: refused as a 400 at the edge, for
 * all fields in one place, instead of reaching an event that can never be shown or re-encoded.
 */
@Configuration(proxyBeanMethods = false)
public class WellFormedText {

    /** The field is not well-formed Unicode (the problem handler names the field). */
    public static final class IllFormedText extends JsonMappingException {
        IllFormedText(JsonParser parser) {
            super(parser, "not well-formed Unicode text");
        }
    }

    /**
     * On the decoder of request bodies only: Axon's serializer shares the application's ObjectMapper, and an event
     * already in the log must always be readable.
     */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    org.springframework.boot.web.codec.CodecCustomizer wellFormedRequestText(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        com.fasterxml.jackson.databind.ObjectMapper requests = mapper.copy().registerModule(wellFormedStrings());
        return codecs -> codecs.defaultCodecs().jackson2JsonDecoder(new org.springframework.http.codec.json.Jackson2JsonDecoder(requests));
    }

    private static SimpleModule wellFormedStrings() {
        SimpleModule module = new SimpleModule("well-formed-strings");
        module.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = super.deserialize(parser, context);
                if (text != null && !wellFormed(text)) {
                    throw new IllFormedText(parser);
                }
                return text;
            }
        });
        return module;
    }

    /** Every surrogate is half of a pair, in order. */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
