package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.push.PushNotificationsIT;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * For every endpoint that takes a conversation, message, media, user or key id: callers without rights
 * (someone outside, a removed member, the other participant where the rule is the sender's, a blocked user)
 * are refused as problem+json and learn nothing of what they asked for; admin endpoints refuse non-admins.
 * Someone who is not (or no longer) in a conversation gets exactly the 404 that a conversation that does not
 * exist gets, so a refusal never tells who talks to whom. Every refusal is collected, so one run lists every hole.
 */
class AuthorizationMatrixIT extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private javax.sql.DataSource database;

    private static final String SECRET = "the launch code is 0000";
    private static final String TITLE = "Project Nightjar";

    private record Attempt(String caller, String method, String path, Object body) {
    }

    @Test
    void callersWithoutRightsAreRefusedAndLearnNothing() throws Exception {
        ApiClient api = api();
        User owner = api.signUp("owner");
        User member = api.signUp("member");
        User removed = api.signUp("removed");
        User outsider = api.signUp("outsider");
        User blocked = api.signUp("blocked");

        String group = api.post(owner, "/conversations", Map.of("type", "group", "title", TITLE,
                "participants", List.of(member.userId(), removed.userId()))).body().get("conversationId").asText();
        String message = api.post(owner, "/messages/send", Map.of("conversationId", group, "body", SECRET)).body().get("messageId").asText();
        String mediaId = upload(owner);
        api.post(owner, "/messages/send", Map.of("conversationId", group, "mediaId", mediaId));
        ApiClient.eventually(() -> api.post(member, "/reactions/add", Map.of("conversationId", group, "messageId", message, "emoji", "\uD83D\uDC4D"))
                .status() == 204, "the message is known to the read model");
        assertThat(api.delete(owner, "/conversations/" + group + "/participants/" + removed.userId()).status()).isEqualTo(204);
        String direct = api.directChat(owner, blocked);
        assertThat(api.post(owner, "/users/block", Map.of("userId", blocked.userId())).status()).isEqualTo(204);
        ApiClient.eventually(() -> api.get(owner, "/users/blocked").body().toString().contains(blocked.userId()), "the block is in the read model");
        ApiClient.eventually(() -> api.get(removed, "/conversations/" + group).status() != 200, "the removal reached the read models");

        Map<String, Object> inGroup = Map.of("conversationId", group);
        Function<Map<String, Object>, Map<String, Object>> with = extra -> {
            Map<String, Object> body = new java.util.HashMap<>(inGroup);
            body.putAll(extra);
            return body;
        };
        List<Attempt> attempts = new ArrayList<>();
        for (String caller : List.of("outsider", "removed")) {
            attempts.add(new Attempt(caller, "GET", "/conversations/" + group, null));
            attempts.add(new Attempt(caller, "GET", "/messages/history?conversation_id=" + group, null));
            attempts.add(new Attempt(caller, "GET", "/messages/history?after=0&conversation_id=" + group, null));
            attempts.add(new Attempt(caller, "GET", "/conversations/" + group + "/receipts", null));
            attempts.add(new Attempt(caller, "GET", "/messages/search?q=launch&conversation_id=" + group, null));
            attempts.add(new Attempt(caller, "POST", "/messages/send", with.apply(Map.of("body", "let me in"))));
            attempts.add(new Attempt(caller, "POST", "/messages/edit", with.apply(Map.of("messageId", message, "body", "mine now"))));
            attempts.add(new Attempt(caller, "POST", "/messages/delete", with.apply(Map.of("messageId", message))));
            attempts.add(new Attempt(caller, "POST", "/messages/read", with.apply(Map.of("upToSeq", 1))));
            attempts.add(new Attempt(caller, "POST", "/messages/delivered", with.apply(Map.of("upToSeq", 1))));
            attempts.add(new Attempt(caller, "POST", "/reactions/add", with.apply(Map.of("messageId", message, "emoji", "\uD83D\uDC4E"))));
            attempts.add(new Attempt(caller, "POST", "/reactions/remove", with.apply(Map.of("messageId", message, "emoji", "\uD83D\uDC4D"))));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/typing", Map.of()));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/participants", Map.of("userId", outsider.userId())));
            attempts.add(new Attempt(caller, "DELETE", "/conversations/" + group + "/participants/" + member.userId(), null));
            attempts.add(new Attempt(caller, "PUT", "/conversations/" + group + "/mute", Map.of("until", "2100-01-01T00:00:00Z")));
            attempts.add(new Attempt(caller, "GET", "/media/" + mediaId, null));
            attempts.add(new Attempt(caller, "GET", "/media/" + mediaId + "/thumbnail", null));
            attempts.add(new Attempt(caller, "POST", "/messages/send", Map.of("conversationId", group, "mediaId", mediaId)));
            attempts.add(new Attempt(caller, "GET", "/conversations/" + group + "/pins", null));
            attempts.add(new Attempt(caller, "PUT", "/conversations/" + group + "/pins/" + message, Map.of()));
            attempts.add(new Attempt(caller, "PUT", "/conversations/" + group + "/state", Map.of("archived", true)));
            attempts.add(new Attempt(caller, "GET", "/messages/" + message + "/versions?conversation_id=" + group, null));
            attempts.add(new Attempt(caller, "PATCH", "/conversations/" + group, Map.of("title", "Taken")));
            attempts.add(new Attempt(caller, "PUT", "/conversations/" + group + "/admins/" + member.userId(), Map.of()));
            attempts.add(new Attempt(caller, "DELETE", "/conversations/" + group + "/admins/" + member.userId(), null));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/accept", Map.of()));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/decline", Map.of("block", true)));
            attempts.add(new Attempt(caller, "POST", "/reports", Map.of("conversationId", group, "messageId", message, "reason", "spam")));
            attempts.add(new Attempt(caller, "POST", "/messages/send", Map.of("conversationId", group, "body", "hi",
                    "mentions", List.of(member.userId()))));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/invite-links", Map.of()));
            attempts.add(new Attempt(caller, "GET", "/conversations/" + group + "/invite-links", null));
            attempts.add(new Attempt(caller, "GET", "/conversations/" + group + "/join-requests", null));
            attempts.add(new Attempt(caller, "POST", "/conversations/" + group + "/join-requests/" + member.userId() + "/approve", Map.of()));
        }
        // rules of the sender and of the group's owner, against a member
        attempts.add(new Attempt("member", "POST", "/messages/edit", with.apply(Map.of("messageId", message, "body", "rewritten"))));
        attempts.add(new Attempt("member", "POST", "/messages/delete", with.apply(Map.of("messageId", message))));
        attempts.add(new Attempt("member", "DELETE", "/conversations/" + group + "/participants/" + owner.userId(), null));
        attempts.add(new Attempt("member", "POST", "/messages/send", Map.of("conversationId", group, "mediaId", mediaId)));
        // what only the group's admins do
        attempts.add(new Attempt("member", "PATCH", "/conversations/" + group, Map.of("title", "Taken")));
        attempts.add(new Attempt("member", "PUT", "/conversations/" + group + "/admins/" + member.userId(), Map.of()));
        attempts.add(new Attempt("member", "DELETE", "/conversations/" + group + "/admins/" + owner.userId(), null));
        attempts.add(new Attempt("member", "POST", "/conversations/" + group + "/participants", Map.of("userId", outsider.userId())));
        attempts.add(new Attempt("member", "PUT", "/conversations/" + group + "/pins/" + message, Map.of()));
        attempts.add(new Attempt("member", "POST", "/conversations/" + group + "/invite-links", Map.of()));
        attempts.add(new Attempt("member", "GET", "/conversations/" + group + "/invite-links", null));
        attempts.add(new Attempt("member", "GET", "/conversations/" + group + "/join-requests", null));
        attempts.add(new Attempt("member", "POST", "/conversations/" + group + "/join-requests/" + outsider.userId() + "/decline", Map.of()));
        // a blocked user
        attempts.add(new Attempt("blocked", "POST", "/messages/send", Map.of("conversationId", direct, "body", "please")));
        attempts.add(new Attempt("blocked", "POST", "/conversations", Map.of("type", "group", "title", "Trap", "participants", List.of(owner.userId()))));
        // someone else's direct conversation
        attempts.add(new Attempt("outsider", "GET", "/messages/history?conversation_id=" + direct, null));
        attempts.add(new Attempt("outsider", "POST", "/messages/send", Map.of("conversationId", direct, "body", "hi both")));
        // operators only
        for (String path : List.of("/admin/projections", "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.memory.used")) {
            attempts.add(new Attempt("member", "GET", path, null));
        }
        for (String action : List.of("rebuild", "pause", "resume")) {
            attempts.add(new Attempt("member", "POST", "/admin/projections/history/" + action, Map.of()));
        }

        Map<String, User> callers = Map.of("outsider", outsider, "removed", removed, "member", member, "blocked", blocked);
        Set<String> secrets = Set.of(SECRET, TITLE, message, member.userId(), mediaId);
        List<String> holes = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (Attempt attempt : attempts) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + attempt.path()))
                    .header("Authorization", callers.get(attempt.caller()).bearer());
            if (attempt.body() == null) {
                request.method(attempt.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(attempt.method(), HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(attempt.body())));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String what = attempt.caller() + " " + attempt.method() + " " + attempt.path() + " -> " + response.statusCode();
            boolean outside = Set.of("outsider", "removed").contains(attempt.caller()) && !attempt.path().startsWith("/media/");
            if (outside && (attempt.path().contains(group) || String.valueOf(attempt.body()).contains(group)
                    || attempt.path().contains(direct) || String.valueOf(attempt.body()).contains(direct))) {
                // the same request about a conversation nobody has must get the very same answer
                String real = attempt.path().contains(direct) || String.valueOf(attempt.body()).contains(direct) ? direct : group;
                String unknown = real.substring(0, real.length() - 4) + "zzzz";
                HttpResponse<String> twin = send(client, callers.get(attempt.caller()), attempt.method(), attempt.path().replace(real, unknown),
                        attempt.body() == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(attempt.body()).replace(real, unknown));
                String answer = response.statusCode() + " " + problemOf(body);
                String twinAnswer = twin.statusCode() + " " + problemOf(twin.body());
                if (response.statusCode() != 404 || !answer.equals(twinAnswer)) {
                    holes.add(what + " answers " + answer + " where an unknown conversation answers " + twinAnswer);
                    continue;
                }
            }
            if (response.statusCode() != 403 && response.statusCode() != 404) {
                holes.add(what + " (expected 403 or 404): " + body);
            } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                holes.add(what + " without problem+json");
            } else {
                // what the caller sent may come back (an id they named); nothing else of the group may
                String asked = attempt.path() + " " + attempt.body();
                secrets.stream().filter(body::contains).filter(secret -> !asked.contains(secret))
                        .forEach(secret -> holes.add(what + " tells " + secret));
            }
        }
        assertThat(holes).as(attempts.size() + " attempts").isEmpty();

        // someone else's push subscription cannot be removed (nor taken over: PushNotificationsIT)
        String endpoint = "http://127.0.0.1:9/push/owner-device";
        assertThat(api.post(owner, "/push/subscriptions", Map.of("endpoint", endpoint, "keys", PushNotificationsIT.freshKeys())).status())
                .isEqualTo(201);
        String encoded = java.net.URLEncoder.encode(endpoint, java.nio.charset.StandardCharsets.UTF_8);
        for (User caller : List.of(outsider, removed, member)) {
            api.delete(caller, "/push/subscriptions?endpoint=" + encoded);
        }
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement("SELECT user_id FROM push_subscription WHERE endpoint = ?")) {
            statement.setString(1, endpoint);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("the owner's subscription survives others' deletes").isTrue();
                assertThat(rows.getString(1)).isEqualTo(owner.userId());
            }
        }

        // and nothing changed: the owner's message, the group and its members are as they were
        ApiClient.Response history = api.get(owner, "/messages/history?conversation_id=" + group);
        assertThat(history.body().toString()).contains(SECRET).doesNotContain("mine now", "rewritten", "let me in");
        assertThat(api.get(owner, "/conversations/" + group).body().get("participants").toString())
                .contains(owner.userId(), member.userId()).doesNotContain(outsider.userId(), removed.userId());
    }

    /**
     * Presence and keys have no 404 to give (anyone may ask about anyone): what they must not do is tell a stranger
     * or a blocked user what the owner's settings hide, or let anyone publish keys as someone else's device.
     */
    @Test
    void presenceAndKeysTellOthersOnlyWhatTheOwnerAllows() throws Exception {
        ApiClient api = api();
        User owner = api.signUp("owner");
        User contact = api.signUp("contact");
        User stranger = api.signUp("stranger");
        User blocked = api.signUp("blocked");
        api.directChat(owner, contact);
        api.directChat(owner, blocked);
        assertThat(api.post(owner, "/users/block", Map.of("userId", blocked.userId())).status()).isEqualTo(204);
        assertThat(api.put(owner, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "contacts", "presence", "contacts"))
                .status()).isEqualTo(204);
        ApiClient.eventually(() -> api.get(owner, "/users/me").body().get("privacy").get("presence").asText().equals("contacts"),
                "the settings are applied");
        ApiClient.eventually(() -> api.get(owner, "/users/blocked").body().toString().contains(blocked.userId()), "the block is applied");
        assertThat(api.post(owner, "/users/presence/heartbeat", Map.of()).status()).isEqualTo(204);

        String path = "/users/presence?user_ids=" + owner.userId();
        ApiClient.eventually(() -> api.get(contact, path).body().get("presence").get(0).get("status").asText().equals("online"),
                "a contact sees the owner online");
        for (User other : List.of(stranger, blocked)) {
            com.fasterxml.jackson.databind.JsonNode seen = api.get(other, path).body().get("presence").get(0);
            assertThat(seen.get("status").asText()).as(other.username() + " sees the status").isEqualTo("offline");
            assertThat(seen.get("lastSeen").isNull()).as(other.username() + " sees last seen").isTrue();
        }

        // a device's keys are published under the caller's own id, whatever device id it names
        Map<String, Object> ownersKeys = deviceKeys();
        Map<String, Object> strangersKeys = deviceKeys();
        assertThat(api.put(owner, "/keys/devices/phone", ownersKeys).status()).isEqualTo(204);
        assertThat(api.put(stranger, "/keys/devices/phone", strangersKeys).status()).isEqualTo(204);
        com.fasterxml.jackson.databind.JsonNode ownersBundle = api.get(contact, "/keys/" + owner.userId()).body().get("devices");
        assertThat(ownersBundle).hasSize(1);
        assertThat(ownersBundle.get(0).get("identityKey").asText()).isEqualTo(ownersKeys.get("identityKey"));
        assertThat(api.get(contact, "/keys/" + stranger.userId()).body().get("devices").get(0).get("identityKey").asText())
                .isEqualTo(strangersKeys.get("identityKey"));
    }

    /** A device's public keys as a client makes them: an Ed25519 identity signing an X25519 pre-key. */
    private static Map<String, Object> deviceKeys() throws Exception {
        java.security.KeyPair identity = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
        byte[] preKey = java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        byte[] identityEncoded = identity.getPublic().getEncoded();
        byte[] identityKey = java.util.Arrays.copyOfRange(identityEncoded, identityEncoded.length - 32, identityEncoded.length);
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(preKey);
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return Map.of("identityKey", base64.encodeToString(identityKey), "identityDhKey", base64.encodeToString(preKey),
                "signedPreKey", Map.of("keyId", 1, "publicKey", base64.encodeToString(preKey), "signature", base64.encodeToString(signer.sign())),
                "oneTimePreKeys", List.of());
    }

    private HttpResponse<String> send(HttpClient client, User caller, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", caller.bearer());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A problem's type and detail: what tells one refusal from another (the instance path differs by design). */
    private static String problemOf(String body) {
        com.fasterxml.jackson.databind.JsonNode problem = ApiClient.json(body);
        return problem.path("type").asText() + " / " + problem.path("detail").asText();
    }

    private String upload(User owner) throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/media"))
                .header("Authorization", owner.bearer()).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return ApiClient.json(response.body()).get("mediaId").asText();
    }
}
