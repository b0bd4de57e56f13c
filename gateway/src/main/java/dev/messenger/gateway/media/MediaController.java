package dev.messenger.gateway.media;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.media.ImageWorkSaturated;
import dev.messenger.media.MediaAccess;
import dev.messenger.media.MediaImages;
import dev.messenger.media.MediaPlayback;
import dev.messenger.media.MediaRefused;
import dev.messenger.media.MediaStore;
import dev.messenger.media.StoredMedia;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Media")
public class MediaController {

    /** Content under an id never changes, and it is nobody else's business: cache it privately for good. */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

    private final MediaStore store;
    private final MediaAccess access;
    private final MultipartUploads multipart;
    private final MediaImages images;
    private final MediaPlayback playback;
    private final dev.messenger.gateway.web.RateLimits limits;

    public MediaController(MediaStore store, MediaAccess access, MultipartUploads multipart, MediaImages images,
                           MediaPlayback playback, dev.messenger.gateway.web.RateLimits limits) {
        this.playback = playback;
        this.limits = limits;
        this.store = store;
        this.access = access;
        this.multipart = multipart;
        this.images = images;
    }

    /** An upload as stored: dimensions of images and videos, a duration of videos and audio, a waveform of uncompressed audio (each null until read). */
    @io.swagger.v3.oas.annotations.media.Schema(name = "UploadedMedia") // MessageView.MediaView is the other "MediaView"
    public record MediaView(String mediaId, String contentType, long size, String sha256, Integer width, Integer height,
                            Long durationMillis, List<Integer> waveform) {

        static MediaView of(StoredMedia media) {
            return new MediaView(media.mediaId(), media.contentType(), media.size(), media.sha256(), media.width(), media.height(),
                    media.durationMillis(), media.waveform());
        }
    }

    @PostMapping("/media")
    @Operation(summary = "Upload an image, video, audio file or document: the raw body with its Content-Type, or a multipart part named file",
            description = "Streamed into MongoDB GridFS. The type is decided from the bytes (Apache Tika's magic): images PNG, JPEG, "
                    + "GIF, WebP, HEIC/HEIF, AVIF; video MP4, QuickTime, WebM, Ogg; audio MP3, WAV, M4A, Ogg, WebM; documents "
                    + "(application/*) PDF, Word, Excel, PowerPoint and OpenDocument. The declared Content-Type picks the family and "
                    + "may only narrow what the bytes say (a ZIP container declared as a Word document); bytes of another family, "
                    + "or of nothing listed, are 415. Limits per family (defaults 16 MB images, 100 MB video, 16 MB audio, 100 MB "
                    + "documents): over it 413 and nothing is stored. The same file uploaded again by the same user is stored once: "
                    + "200 with the first upload's mediaId (201 for a new file). Images get width and height as shown (EXIF "
                    + "orientation applied); videos width, height and durationMillis (MP4, QuickTime, WebM), audio durationMillis "
                    + "(M4A, WebM, WAV) and, for WAV, a waveform of 48 peaks from 0 to 100; what could not be read is "
                    + "null. Documents are served as attachments.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "image/*",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "video/*",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "audio/*",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/*",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "multipart/form-data",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object",
                            requiredProperties = {"file"}, description = "a part named file, with its own Content-Type"))})
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "200", description = "the same bytes as an earlier upload of the caller: that one")
    public Mono<ResponseEntity<MediaView>> upload(@AuthenticationPrincipal Jwt jwt,
                                                  @io.swagger.v3.oas.annotations.Parameter(hidden = true) ServerHttpRequest request) {
        org.springframework.http.MediaType type = request.getHeaders().getContentType();
        Mono<MediaStore.Upload> upload = limits.check("upload", jwt.getSubject()).then(Mono.defer(() -> type != null && type.isCompatibleWith(org.springframework.http.MediaType.MULTIPART_FORM_DATA)
                ? multipart.fileOf(request, (partType, content) -> store.store(jwt.getSubject(), partType, -1, content))
                : store.store(jwt.getSubject(), type == null ? null : type.toString(), request.getHeaders().getContentLength(),
                        request.getBody())));
        return upload.flatMap(stored -> described(stored.media())
                        .map(media -> ResponseEntity.status(stored.created() ? HttpStatus.CREATED : HttpStatus.OK).body(MediaView.of(media))))
                .onErrorMap(MediaController::problem);
    }

    /** An image's width and height, or a video's or audio file's duration (and more), read once when it is first stored. */
    private Mono<StoredMedia> described(StoredMedia media) {
        if (media.width() != null || media.durationMillis() != null) {
            return Mono.just(media);
        }
        if (media.contentType().startsWith("image/")) {
            return images.dimensions(media).flatMap(found -> found
                    .map(d -> store.setDimensions(media, d.width(), d.height()))
                    .orElse(Mono.just(media)));
        }
        return playback.probe(media).flatMap(found -> store.setPlayback(media, found));
    }

    @GetMapping("/media/{mediaId}/thumbnail")
    @Operation(summary = "A smaller copy of an image, or a video's first frame (longest side 320 px; JPEG, or PNG with "
            + "transparency), made once and kept; readable by whoever may read the file; 404 for other media and for a video "
            + "whose frames cannot be decoded here (H.264 and VP8 can)")
    @ApiResponse(responseCode = "200", description = "the thumbnail")
    @ApiResponse(responseCode = "206", description = "the part asked for with Range")
    @ApiResponse(responseCode = "304", description = "not changed (If-None-Match)")
    public Mono<ResponseEntity<Flux<DataBuffer>>> thumbnail(@AuthenticationPrincipal Jwt jwt, @PathVariable String mediaId,
                                                            ServerHttpRequest request, ServerHttpResponse response) {
        return access.readable(mediaId, jwt.getSubject())
                .filter(media -> media.contentType().startsWith("image/") || media.contentType().startsWith("video/"))
                .flatMap(image -> store.findThumbnail(image.mediaId())
                        .switchIfEmpty(Mono.defer(() -> (image.contentType().startsWith("video/") ? playback.poster(image)
                                : images.thumbnail(image)).flatMap(made -> made
                                .map(t -> store.storeThumbnail(image, t.contentType(), t.bytes(), t.width(), t.height()))
                                .orElse(Mono.empty())))))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no thumbnail for this media")))
                .map(thumbnail -> serve(thumbnail, request, response))
                .onErrorMap(MediaController::problem);
    }

    @GetMapping("/media/{mediaId}")
    @Operation(summary = "Download a file (Range supported: 206, or 416 when unsatisfiable), for its uploader and the "
            + "participants of any conversation it was sent in; anyone else 404",
            description = "ETag is the SHA-256 (If-None-Match answers 304); Cache-Control private, immutable.")
    @ApiResponse(responseCode = "200", description = "the file")
    @ApiResponse(responseCode = "206", description = "the part asked for with Range")
    @ApiResponse(responseCode = "304", description = "not changed (If-None-Match)")
    public Mono<ResponseEntity<Flux<DataBuffer>>> download(@AuthenticationPrincipal Jwt jwt, @PathVariable String mediaId,
                                                           ServerHttpRequest request, ServerHttpResponse response) {
        return access.readable(mediaId, jwt.getSubject())
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such media")))
                .map(media -> serve(media, request, response));
    }

    static ResponseEntity<Flux<DataBuffer>> serve(StoredMedia media, ServerHttpRequest request, ServerHttpResponse response,
                                                  MediaStore store) {
        String etag = "\"" + media.sha256() + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.setCacheControl(CACHE);
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (request.getHeaders().getIfNoneMatch().contains(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        headers.setContentType(org.springframework.http.MediaType.parseMediaType(media.contentType()));
        if (!dev.messenger.media.MediaType.inline(media.contentType())) {
            // a document is only ever downloaded: a browser never renders it in the gateway's origin
            headers.setContentDisposition(org.springframework.http.ContentDisposition.attachment()
                    .filename(media.mediaId() + dev.messenger.media.MediaType.extension(media.contentType())).build());
        }
        long size = media.size();
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(request.getHeaders().getFirst(HttpHeaders.RANGE));
        } catch (IllegalArgumentException e) {
            ranges = List.of(); // a Range header we cannot read is ignored, as RFC 9110 allows
        }
        if (ranges.size() != 1) { // none, or several: the whole file
            headers.setContentLength(size);
            return ResponseEntity.ok().headers(headers).body(store.read(media, 0, size - 1, response.bufferFactory()));
        }
        long start;
        long end;
        try {
            start = ranges.get(0).getRangeStart(size);
            end = ranges.get(0).getRangeEnd(size);
            if (start >= size || end < start) {
                throw new IllegalArgumentException("no byte of the range is in the file");
            }
        } catch (IllegalArgumentException unsatisfiable) {
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
            byte[] problem = ("{\"type\":\"" + ApiProblem.typeUri("range-not-satisfiable") + "\",\"title\":\"Range Not Satisfiable\","
                    + "\"status\":416,\"detail\":\"the file has " + size + " bytes\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            headers.setContentLength(problem.length);
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).headers(headers)
                    .body(Flux.just(response.bufferFactory().wrap(problem)));
        }
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        headers.setContentLength(end - start + 1);
        return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).headers(headers)
                .body(store.read(media, start, end, response.bufferFactory()));
    }

    /** The media module's refusals as the problems this API answers with; anything else as it is. */
    private static Throwable problem(Throwable e) {
        if (e instanceof MediaRefused refused) {
            return switch (refused.reason()) {
                case UNSUPPORTED_TYPE -> new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", refused.getMessage());
                case TOO_LARGE -> new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", refused.getMessage());
                case EMPTY -> ApiProblem.badRequest(refused.getMessage());
            };
        }
        if (e instanceof ImageWorkSaturated busy) {
            return ApiProblem.unavailable(busy.getMessage(), 2);
        }
        return e;
    }

    private ResponseEntity<Flux<DataBuffer>> serve(StoredMedia media, ServerHttpRequest request, ServerHttpResponse response) {
        return serve(media, request, response, store);
    }
}
