package dev.messenger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** A client of the public API over real HTTP, as a chat client would use it. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient http;
    private final String base;

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = WebClient.builder().baseUrl("http://localhost:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
    }

    public record User(String userId, String username, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    public record Response(int status, JsonNode body, HttpHeaders headers) {
    }

    public User signUp(String namePrefix) {
        String username = (namePrefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        Response registered = post(null, "/auth/register", Map.of("username", username, "password", "correct horse", "displayName", namePrefix));
        if (registered.status() != 201) {
            throw new IllegalStateException("register failed: " + registered);
        }
        Response token = post(null, "/auth/token", Map.of("username", username, "password", "correct horse"));
        return new User(registered.body().get("userId").asText(), username, token.body().get("access_token").asText());
    }

    /** A sign-in of an account: the user as this session acts, and the session's refresh token. */
    public record SignedIn(User user, String refreshToken) {
        /** The session's id, which the refresh token starts with. */
        public String sessionId() {
            return refreshToken.substring(0, refreshToken.indexOf('.'));
        }
    }

    /** Signs {@code user} (made by {@link #signUp}) in once more, as a new session from {@code userAgent}. */
    public SignedIn signIn(User user, String userAgent) {
        SignedIn signedIn = signIn(user.username(), "correct horse", userAgent);
        return new SignedIn(new User(user.userId(), user.username(), signedIn.user().token()), signedIn.refreshToken());
    }

    /** Signs an account in as a new session from {@code userAgent} (the user id is left out: the sign-in does not say it). */
    public SignedIn signIn(String username, String password, String userAgent) {
        Response token = exchange(http.post().uri("/auth/token").header(HttpHeaders.USER_AGENT, userAgent)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("username", username, "password", password)));
        if (token.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + token);
        }
        return new SignedIn(new User(null, username, token.body().get("access_token").asText()), token.body().get("refresh_token").asText());
    }

    /**
     * A direct conversation of two people who talk: started by {@code a}, accepted by {@code b} (two strangers' first
     * chat is a message request until then: {@link #messageRequest}), once {@code b} can see it.
     */
    public String directChat(User a, User b) {
        String id = messageRequest(a, b);
        Response accepted = post(b, "/conversations/" + id + "/accept", Map.of());
        if (accepted.status() != 204) {
            throw new IllegalStateException("accept answered " + accepted);
        }
        return id;
    }

    /** A direct conversation {@code a} started with {@code b}, left as it is (a request, when they shared no conversation). */
    public String messageRequest(User a, User b) {
        String id = post(a, "/conversations", Map.of("type", "direct", "participants", java.util.List.of(b.userId())))
                .body().get("conversationId").asText();
        eventually(() -> get(b, "/conversations/" + id).status() == 200, "conversation visible");
        return id;
    }

    public Response post(User user, String path, Object body) {
        return exchange(http.post().uri(path).headers(h -> auth(h, user)).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    public Response patch(User user, String path, Object body) {
        return exchange(http.patch().uri(path).headers(h -> auth(h, user)).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    public Response put(User user, String path, Object body) {
        return exchange(http.put().uri(path).headers(h -> auth(h, user)).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    public Response postWithHeader(User user, String path, Object body, String header, String value) {
        return exchange(http.post().uri(path).headers(h -> auth(h, user)).header(header, value)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    public Response postRaw(User user, String path, String rawJson) {
        return exchange(http.post().uri(path).headers(h -> auth(h, user)).contentType(MediaType.APPLICATION_JSON).bodyValue(rawJson));
    }

    /** Uploads a small PNG as {@code user} and gives its media id. */
    public String uploadPng(User user) {
        try {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            Response uploaded = exchange(http.post().uri("/media").headers(h -> auth(h, user)).contentType(MediaType.IMAGE_PNG)
                    .bodyValue(png.toByteArray()));
            if (uploaded.status() != 201) {
                throw new AssertionError("upload answered " + uploaded.status());
            }
            return uploaded.body().get("mediaId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Response get(User user, String path) {
        return exchange(http.get().uri(path).headers(h -> auth(h, user)));
    }

    /** A GET of exactly this path and query, percent-escapes and all (get() would escape a '%' once more). */
    public Response getExact(User user, String pathAndQuery) {
        return exchange(http.get().uri(java.net.URI.create(base + pathAndQuery)).headers(h -> auth(h, user)));
    }

    public record TextResponse(int status, String text) {
    }

    /** A GET whose answer is not JSON (a Prometheus scrape). */
    public TextResponse getText(User user, String path) {
        return http.get().uri(path).headers(h -> auth(h, user))
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> new TextResponse(response.statusCode().value(), text)))
                .block(java.time.Duration.ofSeconds(30));
    }

    public Response getWithToken(String authorization, String path) {
        return exchange(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization));
    }

    /** A DELETE with a JSON body (deleting an account takes its password). */
    public Response delete(User user, String path, Object body) {
        return exchange(http.method(org.springframework.http.HttpMethod.DELETE).uri(path).headers(h -> auth(h, user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    public Response delete(User user, String path) {
        return exchange(http.delete().uri(path).headers(h -> auth(h, user)));
    }

    /**
     * Opens the caller's event stream (resuming after {@code lastEventId} when given) and collects its events; returns
     * once the server has answered (its first line), so that whatever the test does next reaches the stream.
     */
    public EventStream openEvents(User user, String lastEventId) {
        BlockingQueue<ServerSentEvent<String>> received = new LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        Disposable subscription = http.get().uri("/events")
                .headers(h -> {
                    auth(h, user);
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .doOnNext(event -> answered.countDown())
                .filter(event -> event.data() != null)
                .doFinally(signal -> answered.countDown())
                .subscribe(received::add, e -> ended.complete(null), () -> ended.complete(null));
        try {
            answered.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new EventStream(received, subscription, ended);
    }

    /** An open stream's events as they arrive; {@code ended} completes when the server ends the stream. */
    public record EventStream(BlockingQueue<ServerSentEvent<String>> received, Disposable subscription,
                              java.util.concurrent.CompletableFuture<Void> ended) implements AutoCloseable {

        /** The next event of the given type, skipping others; fails after the timeout. */
        public ServerSentEvent<String> next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                ServerSentEvent<String> event = received.poll(200, TimeUnit.MILLISECONDS);
                if (event != null && type.equals(event.event())) {
                    return event;
                }
            }
            throw new AssertionError("no " + type + " event within 30 s");
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code condition} holds: read models follow the event log asynchronously. */
    public static void eventually(Supplier<Boolean> condition, String what) {
        eventually(condition, what, Duration.ofSeconds(30));
    }

    public static void eventually(Supplier<Boolean> condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
    }

    private static void auth(HttpHeaders headers, User user) {
        if (user != null) {
            headers.set(HttpHeaders.AUTHORIZATION, user.bearer());
        }
    }

    private static Response exchange(WebClient.RequestHeadersSpec<?> request) {
        ResponseEntity<String> entity = request.exchangeToMono(r -> r.toEntity(String.class)).block(Duration.ofSeconds(30));
        String body = entity.getBody();
        return new Response(entity.getStatusCode().value(), body == null || body.isBlank() ? null : json(body), entity.getHeaders());
    }
}
