package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at every operation of the OpenAPI description the gateway serves: bad and forged tokens,
 * malformed JSON, wrong types, huge strings, deep nesting, invalid UTF-8, hostile ids, numbers and cursors,
 * bad headers, generated with jqwik's arbitraries. Whatever comes in, the answer is never a 5xx and never a
 * stack trace, every refusal is problem+json, and requests that are certainly invalid (a bad token, a body
 * that is not the operation's JSON) are 4xx.
 */
class HostileInputIT extends GatewayIntegrationTest {

    private static final int PER_KIND = 3;

    private record Sent(String kind, String method, String path, String contentType, int bodyLength, boolean mustBe4xx) {
        @Override
        public String toString() {
            return kind + " " + method + " " + (path.length() > 160 ? path.substring(0, 160) + "…" : path)
                    + (contentType == null ? "" : " [" + contentType + ", " + bodyLength + " bytes]");
        }
    }

    @Test
    void noHostileRequestGetsA5xxOrAStackTrace() throws Exception {
        ApiClient api = api();
        ApiClient.User user = api.signUp("hostile");
        JsonNode openApi = ApiClient.json(api.getText(user, "/v3/api-docs").text());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        java.util.Set<String> undocumented = new java.util.TreeSet<>();
        java.util.Set<String> problemTypes = new java.util.TreeSet<>();
        int tried = 0;

        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = operations.next();
                String method = entry.getKey().toUpperCase();
                JsonNode operation = entry.getValue();
                for (Request request : requests(path.getKey(), method, operation, user.token())) {
                    tried++;
                    HttpResponse<String> response;
                    try {
                        response = client.send(request.http(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    } catch (HttpTimeoutException e) {
                        statuses.merge("stream (kept open)", 1, Integer::sum); // an event stream that was, in fact, allowed
                        continue;
                    }
                    int status = response.statusCode();
                    statuses.merge(String.valueOf(status), 1, Integer::sum);
                    String body = response.body() == null ? "" : response.body();
                    String contentType = response.headers().firstValue("Content-Type").orElse("");
                    if (contentType.startsWith("application/problem+json")) {
                        String type = ApiClient.json(body).path("type").asText();
                        problemTypes.add(type.startsWith(ApiProblem.TYPE_BASE) ? type.substring(ApiProblem.TYPE_BASE.length()) : type);
                    }
                    if (status >= 500) {
                        failures.add(request.sent() + " -> " + status + ": " + abbreviate(body));
                    } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
                        failures.add(request.sent() + " -> " + status + " as " + contentType);
                    } else if (request.sent().mustBe4xx() && status < 400) {
                        failures.add(request.sent() + " -> " + status + " (certainly invalid, yet accepted)");
                    }
                    // every refusal the API gives is one its OpenAPI document lists for that operation
                    if (status >= 400 && status < 500 && status != 414 && status != 431
                            && !operation.path("responses").has(String.valueOf(status))) {
                        undocumented.add(method + " " + path.getKey() + " -> " + status);
                    }
                    if (body.contains("Exception") || body.contains("\tat ") || body.contains("at dev.messenger") || body.contains("java.lang.")) {
                        failures.add(request.sent() + " -> " + status + " shows internals: " + abbreviate(body));
                    }
                }
            }
        }
        System.out.printf("hostile requests tried: %d, by status: %s%n", tried, statuses);
        assertThat(tried).isGreaterThan(300);
        assertThat(failures).as(tried + " hostile requests, by status " + statuses).isEmpty();
        assertThat(new dev.messenger.gateway.web.ProblemTypesController().documented()).as("problem types given, each in docs/problems.md")
                .containsAll(problemTypes);
        assertThat(undocumented).as("refusals the OpenAPI document does not list (414 and 431, from the HTTP codec "
                + "before any operation, aside)").isEmpty();
    }

    /**
     * Input that is well-typed JSON but extreme or ill-formed in what it says: each case is answered with exactly the
     * status named (a refusal as problem+json that names the field), and the longest allowed values are accepted.
     */
    @Test
    void extremeAndIllFormedTextGetsItsPreciseAnswer() {
        ApiClient api = api();
        ApiClient.User alice = api.signUp("extreme");
        ApiClient.User bob = api.signUp("extreme");
        String chat = api.directChat(alice, bob);
        String message = api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "react here")).body().get("messageId").asText();
        ApiClient.eventually(() -> api.post(bob, "/reactions/add", Map.of("conversationId", chat, "messageId", message, "emoji", "\uD83D\uDC4D"))
                .status() == 204, "the message is in the read model");
        String longest = "\uD83D\uDE00".repeat(1000) + "ü".repeat(2000); // 4000 UTF-16 units: emoji pairs and accents
        record Case(String what, ApiClient.Response response, int expected) {
        }
        List<Case> cases = List.of(
                new Case("a lone high surrogate in a body", api.postRaw(alice, "/messages/send",
                        "{\"conversationId\":\"" + chat + "\",\"body\":\"hi \\ud800 there\"}"), 400),
                new Case("a lone low surrogate in a body", api.postRaw(alice, "/messages/send",
                        "{\"conversationId\":\"" + chat + "\",\"body\":\"\\udc00\"}"), 400),
                new Case("surrogates in the wrong order", api.postRaw(alice, "/messages/send",
                        "{\"conversationId\":\"" + chat + "\",\"body\":\"\\ude00\\ud83d\"}"), 400),
                new Case("a lone surrogate in a display name", api.postRaw(null, "/auth/register",
                        "{\"username\":\"lone_" + System.nanoTime() % 100000 + "\",\"password\":\"correct horse\",\"displayName\":\"a\\ud800\"}"), 400),
                new Case("a right-to-left override in a display name", api.post(null, "/auth/register", Map.of("username",
                        "rlo_" + System.nanoTime() % 100000, "password", "correct horse", "displayName", "Admin\u202Egnp.exe")), 400),
                new Case("a newline in a display name", api.post(null, "/auth/register", Map.of("username",
                        "nl_" + System.nanoTime() % 100000, "password", "correct horse", "displayName", "Bob\nSupport team")), 400),
                new Case("an isolate in a group title", api.post(alice, "/conversations", Map.of("type", "group",
                        "title", "Team \u2067evil\u2069", "participants", List.of(bob.userId()))), 400),
                new Case("a pictograph with combining marks as a reaction", api.post(bob, "/reactions/add", Map.of("conversationId", chat,
                        "messageId", message, "emoji", "\uD83D\uDE00\u0301\u0302")), 400),
                new Case("a body one character too long", api.post(alice, "/messages/send", Map.of("conversationId", chat,
                        "body", "x".repeat(4001))), 400),
                new Case("the longest body, in emoji and accents", api.post(alice, "/messages/send", Map.of("conversationId", chat,
                        "body", longest)), 201),
                new Case("a display name in another script with an emoji", api.post(null, "/auth/register", Map.of("username",
                        "intl_" + System.nanoTime() % 100000, "password", "correct horse", "displayName", "سارة 👩🏽‍💻 Zoë")), 201),
                new Case("the longest group title", api.post(alice, "/conversations", Map.of("type", "group",
                        "title", "t".repeat(200), "participants", List.of(bob.userId()))), 201),
                new Case("a title one character too long", api.post(alice, "/conversations", Map.of("type", "group",
                        "title", "t".repeat(201), "participants", List.of(bob.userId()))), 400),
                new Case("a forged search cursor", api.get(bob, "/messages/search?q=x&cursor=" + java.util.Base64.getUrlEncoder()
                        .withoutPadding().encodeToString("not\u0000a\u0000cursor".getBytes(StandardCharsets.UTF_8))), 400),
                new Case("a search cursor of another order", api.get(bob, "/messages/search?q=x&sort=relevance&cursor="
                        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1764806400000\u0000m-1".getBytes(StandardCharsets.UTF_8))), 400));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            if (c.response().status() != c.expected()) {
                wrong.add(c.what() + ": " + c.response().status() + " " + c.response().body());
            } else if (c.expected() >= 400 && !c.response().headers().getContentType().toString().startsWith("application/problem+json")) {
                wrong.add(c.what() + ": not problem+json");
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(cases.get(0).response().body().get("detail").asText()).contains("body", "Unicode");
    }

    private record Request(HttpRequest http, Sent sent) {
    }

    /** Hostile variants of one operation: each kind a few times, with generated values. */
    private List<Request> requests(String template, String method, JsonNode operation, String token) {
        List<Request> requests = new ArrayList<>();
        boolean hasBody = operation.has("requestBody");
        boolean json = hasBody && operation.get("requestBody").path("content").has("application/json");
        boolean stream = template.equals("/events");
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.get("in").asText().equals("query")) {
                query.add(parameter.get("name").asText());
            }
        }
        String validBody = json ? "{}" : null;

        for (int i = 0; i < PER_KIND; i++) {
            // a token that is not one: always 401 on protected operations
            String badToken = BAD_TOKENS.sample();
            requests.add(build("bad token", method, fill(template, ids().sample()), badToken, json ? "application/json" : null,
                    validBody == null ? null : validBody.getBytes(StandardCharsets.UTF_8), isProtected(template)));
            if (stream) {
                requests.add(build("bad Last-Event-ID", method, template, "Bearer " + token, null, null, true,
                        Map.of("Last-Event-ID", NOT_POSITIONS.sample())));
                requests.add(build("bad since", method, template + "?since=" + encode(NOT_POSITIONS.sample()), "Bearer " + token, null,
                        null, true));
                continue;
            }
            // hostile ids in the path
            if (template.contains("{")) {
                requests.add(build("hostile id", method, fill(template, ids().sample()), "Bearer " + token,
                        json ? "application/json" : null, validBody == null ? null : validBody.getBytes(StandardCharsets.UTF_8), false));
            }
            // hostile query values, and numbers where numbers belong
            if (!query.isEmpty()) {
                StringBuilder values = new StringBuilder();
                for (String name : query) {
                    values.append(values.length() == 0 ? "?" : "&").append(name).append('=').append(encode(QUERY_VALUES.sample()));
                }
                requests.add(build("hostile query", method, fill(template, "c-none") + values, "Bearer " + token,
                        json ? "application/json" : null, validBody == null ? null : validBody.getBytes(StandardCharsets.UTF_8), false));
            }
            if (hasBody) {
                String contentType = json ? "application/json" : "application/octet-stream";
                byte[] body = BODIES.sample();
                requests.add(build("hostile body", method, fill(template, "c-none"), "Bearer " + token, contentType, body, json));
                requests.add(build("wrong content type", method, fill(template, "c-none"), "Bearer " + token,
                        CONTENT_TYPES.sample(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), json));
                if (json) {
                    requests.add(build("wrong types", method, fill(template, "c-none"), "Bearer " + token, contentType,
                            wrongTypes(operation).getBytes(StandardCharsets.UTF_8), true));
                }
            }
            requests.add(build("hostile headers", method, fill(template, "c-none"), "Bearer " + token,
                    json ? "application/json" : null, validBody == null ? null : validBody.getBytes(StandardCharsets.UTF_8), false,
                    Map.of("Idempotency-Key", HEADER_VALUES.sample(), "Accept-Language", HEADER_VALUES.sample())));
        }
        return requests;
    }

    /** Every declared property of the operation's body schema set to a value of another type. */
    private String wrongTypes(JsonNode operation) {
        List<String> values = List.of("12345678901234567890", "true", "[1,2]", "{\"x\":{}}", "-1.5e308", "null", "\"\"");
        StringBuilder body = new StringBuilder("{");
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        List<String> names = new ArrayList<>(List.of("conversationId", "body", "userId", "messageId", "emoji", "upToSeq",
                "username", "password", "until", "endpoint", "keys", "identityKey", "type", "participants", "title"));
        if (schema.has("$ref")) {
            names.add(schema.get("$ref").asText()); // harmless: an unknown property
        }
        for (int i = 0; i < names.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":")
                    .append(values.get(Arbitraries.integers().between(0, values.size() - 1).sample()));
        }
        return body.append('}').toString();
    }

    private Request build(String kind, String method, String path, String authorization, String contentType, byte[] body,
                          boolean mustBe4xx) {
        return build(kind, method, path, authorization, contentType, body, mustBe4xx, Map.of());
    }

    private Request build(String kind, String method, String path, String authorization, String contentType, byte[] body,
                          boolean mustBe4xx, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(path.startsWith("/events") ? 2 : 30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return new Request(request.build(), new Sent(kind, method, path, contentType, body == null ? 0 : body.length, mustBe4xx));
    }

    private static boolean isProtected(String template) {
        return !template.startsWith("/auth/") && !template.startsWith("/push/vapid-public-key") && !template.startsWith("/v3/")
                && !template.startsWith("/actuator/health") && !template.equals("/asyncapi.json") && !template.startsWith("/problems");
    }

    private static String fill(String template, String id) {
        return template.replaceAll("\\{[^}]+}", encodePath(id));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encodePath(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withChars('a', 'z').ofLength(5000),
                Arbitraries.of("../../etc/passwd", "' OR '1'='1", "%00", "\u0000", "u-\u202e\u0007", "😀😀", "g-" + "9".repeat(300),
                        "${jndi:ldap://x}", "<script>alert(1)</script>", " ", "null", "-1"));
    }

    private static final Arbitrary<String> BAD_TOKENS = Arbitraries.oneOf(
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(60).map(s -> "Bearer " + s),
            Arbitraries.of("Bearer ", "Basic YWxpY2U6c2VjcmV0", "bearer", "Bearer a.b.c",
                    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LWFkbWluIiwicm9sZXMiOlsiYWRtaW4iXX0.",
                    "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LXgifQ.c2lnbmF0dXJl", "Bearer " + "x".repeat(9000)),
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30).map(s -> "Bearer " + s + "." + s + "." + s));

    private static final Arbitrary<String> NOT_POSITIONS = Arbitraries.oneOf(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20),
            Arbitraries.of("-1", "-9223372036854775808", "99999999999999999999999", "1e9", "0x10", "NaN", "1.5"));

    private static final Arbitrary<String> QUERY_VALUES = Arbitraries.oneOf(
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(30),
            Arbitraries.of("-1", "0", "99999999999999999999", "abc", "1e400", "", "eyJub3QiOiJhIGN1cnNvciJ9", "!!!", "%", "[]"),
            // long, yet within the URL limit (32 KB) so that the application answers, not the HTTP codec
            Arbitraries.strings().withChars('a', 'z').ofLength(5_000));

    private static final Arbitrary<String> HEADER_VALUES = Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40),
            Arbitraries.strings().withChars('k').ofLength(5000));

    private static final Arbitrary<String> CONTENT_TYPES = Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=utf-7", "image/png", "nonsense");

    /** Bodies that are not the JSON an operation takes: malformed, wrongly shaped, huge, deep, or not UTF-8. */
    private static final Arbitrary<byte[]> BODIES = Arbitraries.oneOf(
            Arbitraries.of("{", "{\"conversationId\":", "[]", "null", "42", "\"text\"", "{\"a\":1}}", "{'single':'quotes'}", "")
                    .map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.integers().between(2_000, 20_000).map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8)),
            Arbitraries.integers().between(5_000, 300_000).map(n -> ("{\"body\":\"" + "x".repeat(n) + "\"}").getBytes(StandardCharsets.UTF_8)),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(HostileInputIT::invalidUtf8));

    /** A JSON body with bytes that are not UTF-8 inside a string. */
    private static byte[] invalidUtf8(byte[] noise) {
        byte[] prefix = "{\"body\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + noise.length + 4];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        for (int i = 0; i < noise.length; i++) {
            out[prefix.length + i] = (byte) (noise[i] | 0x80); // high bytes without their lead or continuation
        }
        out[out.length - 4] = (byte) 0xC3;
        out[out.length - 3] = (byte) 0x28;
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }
}
