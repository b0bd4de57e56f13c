package dev.messenger.gateway.media;

import dev.messenger.gateway.web.ApiProblem;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code file} part of a multipart upload, streamed: part events are read as they arrive (never
 * collected in memory or on disk), other parts are skipped.
 */
@Component
public class MultipartUploads {

    private final PartEventHttpMessageReader reader = new PartEventHttpMessageReader();

    public <T> Mono<T> fileOf(ServerHttpRequest request, BiFunction<String, Flux<DataBuffer>, Mono<T>> consume) {
        return reader.read(ResolvableType.forClass(PartEvent.class), request, Map.of())
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    PartEvent event = first.get();
                    if (event instanceof FilePartEvent file && "file".equals(file.name())) {
                        var type = file.headers().getContentType();
                        return consume.apply(type == null ? null : type.toString(), events.map(PartEvent::content));
                    }
                    return events.doOnNext(e -> DataBufferUtils.release(e.content())).then(Mono.<T>empty());
                }))
                .next()
                .switchIfEmpty(Mono.error(() -> ApiProblem.badRequest("a multipart upload needs a file part named file")));
    }
}
