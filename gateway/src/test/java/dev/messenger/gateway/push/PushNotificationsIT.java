package dev.messenger.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Web Push end to end, against a push service stand-in in this test: it checks each request's VAPID JWT
 * (ES256, the server's published key, the right audience) and decrypts each payload (RFC 8291) with the
 * subscription's private key, as a browser would. Its answers are scripted per subscription.
 */
public class PushNotificationsIT extends GatewayIntegrationTest {

    @Autowired
    private DataSource database;

    private HttpServer receiver;
    /** Decrypted payloads that the receiver accepted, per subscription path. */
    private final Map<String, List<JsonNode>> delivered = new ConcurrentHashMap<>();
    /** Every request, accepted or not, per subscription path. */
    private final Map<String, List<String>> attempts = new ConcurrentHashMap<>();
    /** Scripted statuses per subscription path (201 when the script has run out). */
    private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    /** A browser's side of a subscription: its P-256 key pair and auth secret. */
    private record Subscriber(KeyPair keys, byte[] auth) {
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/push/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            attempts.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(path);
            Integer scripted = script.getOrDefault(path, new ConcurrentLinkedDeque<>()).poll();
            int status = scripted == null ? 201 : scripted;
            if (status < 0) { // a slow service: answer after that many milliseconds (within the request timeout, 2 s in tests)
                try {
                    Thread.sleep(-status);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 201;
            }
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "/push/elsewhere");
            }
            if (status == 201) {
                try {
                    verifyVapid(exchange.getRequestHeaders().getFirst("Authorization"));
                    assertThat(exchange.getRequestHeaders().getFirst("Content-Encoding")).isEqualTo("aes128gcm");
                    assertThat(exchange.getRequestHeaders().getFirst("TTL")).isNotBlank();
                    assertThat(exchange.getRequestHeaders().getFirst("Topic")).hasSizeLessThanOrEqualTo(32);
                    Subscriber subscriber = subscribers.get(path);
                    delivered.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                            .add(ApiClient.json(new String(decrypt(body, subscriber), StandardCharsets.UTF_8)));
                } catch (Throwable e) {
                    problems.add(path + ": " + e);
                    status = 400;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer holds up no other
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void offlineMembersGetOneDecryptableNotificationAndOnlineMutedOrBlockingOnesNone() throws Exception {
        ApiClient api = api();
        ApiClient.User alice = api.signUp("alice");
        ApiClient.User offline = api.signUp("offline");
        ApiClient.User online = api.signUp("online");
        ApiClient.User muted = api.signUp("muted");
        ApiClient.User blocker = api.signUp("blocker");
        String offlinePath = subscribe(offline);
        String onlinePath = subscribe(online);
        String mutedPath = subscribe(muted);
        String blockerPath = subscribe(blocker);
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Trip",
                "participants", List.of(offline.userId(), online.userId(), muted.userId(), blocker.userId())))
                .body().get("conversationId").asText();
        // a member who blocks the sender hears nothing from them, even in a group they share
        assertThat(api.post(blocker, "/users/block", Map.of("userId", alice.userId())).status()).isEqualTo(204);
        assertThat(api.put(muted, "/conversations/" + group + "/mute", Map.of("until", Instant.now().plusSeconds(3600).toString())).status())
                .isEqualTo(204);
        ApiClient.EventStream stream = api.openEvents(online, null);
        ApiClient.eventually(() -> isOnline(api, alice, online), "the streaming member is online");
        ApiClient.eventually(() -> blocked(blocker.userId(), alice.userId()), "the push projection knows the block");

        for (int i = 0; i < 3; i++) {
            assertThat(api.post(alice, "/messages/send", Map.of("conversationId", group, "body", "message " + i)).status()).isEqualTo(201);
        }

        ApiClient.eventually(() -> delivered.containsKey(offlinePath), "a notification for the offline member");
        Thread.sleep(2_000); // several collapse windows and poll rounds: nothing more may come
        assertThat(problems).isEmpty();
        assertThat(delivered.get(offlinePath)).hasSize(1);
        JsonNode notification = delivered.get(offlinePath).get(0);
        assertThat(notification.get("conversationId").asText()).isEqualTo(group);
        assertThat(notification.get("senderId").asText()).isEqualTo(alice.userId());
        assertThat(notification.get("senderName").asText()).isEqualTo("alice");
        assertThat(notification.get("messages").asInt()).isEqualTo(3);
        assertThat(notification.toString()).doesNotContain("message 0", "message 1", "message 2");
        assertThat(attempts).doesNotContainKeys(onlinePath, mutedPath, blockerPath);
        stream.close();
    }

    @Test
    void aSubscriptionAnsweringGoneIsRemovedAndAFailingServiceIsRetriedUntilItTakesTheNotificationOnce() throws Exception {
        ApiClient api = api();
        ApiClient.User alice = api.signUp("alice");
        ApiClient.User gone = api.signUp("gone");
        ApiClient.User flaky = api.signUp("flaky");
        String gonePath = subscribe(gone);
        String flakyPath = subscribe(flaky);
        script.put(gonePath, new ConcurrentLinkedDeque<>(List.of(410)));
        script.put(flakyPath, new ConcurrentLinkedDeque<>(List.of(500, 503)));
        String toGone = api.directChat(alice, gone);
        String toFlaky = api.directChat(alice, flaky);

        api.post(alice, "/messages/send", Map.of("conversationId", toGone, "body", "are you there?"));
        api.post(alice, "/messages/send", Map.of("conversationId", toFlaky, "body", "hello"));

        ApiClient.eventually(() -> delivered.containsKey(flakyPath), "the flaky service takes it in the end", Duration.ofSeconds(30));
        ApiClient.eventually(() -> subscriptions(gone.userId()) == 0, "the gone subscription is removed");
        Thread.sleep(1_500);
        assertThat(problems).isEmpty();
        assertThat(attempts.get(flakyPath)).hasSize(3);
        assertThat(delivered.get(flakyPath)).hasSize(1);
        assertThat(attempts.get(gonePath)).hasSize(1);

        // the removed subscription hears of nothing more
        api.post(alice, "/messages/send", Map.of("conversationId", toGone, "body", "hello?"));
        api.post(alice, "/messages/send", Map.of("conversationId", toFlaky, "body", "again"));
        ApiClient.eventually(() -> delivered.get(flakyPath).size() == 2, "the next notification");
        assertThat(attempts.get(gonePath)).hasSize(1);

        // operators see the outcomes
        String metrics = api.getText(Operators.admin(api), "/actuator/prometheus").text();
        for (String outcome : List.of("delivered", "retry", "gone")) {
            assertThat(metrics).containsPattern("messenger_push_notifications_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} [1-9]");
        }
    }

    @Test
    void aSlowServiceHoldsNoLockAnEndpointIsNeverTakenOverAndARedirectIsNotFollowed() throws Exception {
        ApiClient api = api();
        ApiClient.User alice = api.signUp("alice");
        ApiClient.User slow = api.signUp("slow");
        ApiClient.User redirected = api.signUp("redirected");
        String slowPath = subscribe(slow);
        String redirectedPath = subscribe(redirected);
        script.put(slowPath, new ConcurrentLinkedDeque<>(List.of(-1500)));
        script.put(redirectedPath, new ConcurrentLinkedDeque<>(List.of(302)));

        // someone else registering the endpoint is refused, and the owner keeps it
        ApiClient.User thief = api.signUp("thief");
        ApiClient.Response takeover = api.post(thief, "/push/subscriptions", Map.of("endpoint", endpoint(slowPath), "keys", freshKeys()));
        assertThat(takeover.status()).isEqualTo(409);
        assertThat(subscriptions(thief.userId())).isZero();
        assertThat(subscriptions(slow.userId())).isEqualTo(1);

        api.post(alice, "/messages/send", Map.of("conversationId", api.directChat(alice, slow), "body", "take your time"));
        api.post(alice, "/messages/send", Map.of("conversationId", api.directChat(alice, redirected), "body", "over there?"));
        ApiClient.eventually(() -> attempts.containsKey(slowPath), "the slow service has the request");
        // while the request is open the row is leased, not locked: the projection can fold newer messages into it
        try (var connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "SELECT leased_until IS NOT NULL FROM push_outbox WHERE endpoint = ? FOR UPDATE NOWAIT")) {
                statement.setString(1, endpoint(slowPath));
                try (var rows = statement.executeQuery()) {
                    assertThat(rows.next()).as("the row being sent").isTrue();
                    assertThat(rows.getBoolean(1)).as("leased").isTrue();
                }
            }
            connection.rollback();
        }
        ApiClient.eventually(() -> delivered.containsKey(slowPath), "the slow service takes it", Duration.ofSeconds(20));
        ApiClient.eventually(() -> attempts.containsKey(redirectedPath), "the redirecting service was asked");
        Thread.sleep(1_500);
        assertThat(attempts).as("the redirect is not followed").doesNotContainKey("/push/elsewhere");
        assertThat(attempts.get(redirectedPath)).as("nor retried").hasSize(1);
        assertThat(delivered.get(slowPath)).hasSize(1);
        assertThat(problems).isEmpty();
    }

    private String endpoint(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** A browser subscription's keys: a fresh P-256 public key and an auth secret, base64url. */
    public static Map<String, String> freshKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return Map.of("p256dh", base64.encodeToString(uncompressed((ECPublicKey) generator.generateKeyPair().getPublic())),
                "auth", base64.encodeToString(new byte[16]));
    }

    @Test
    void badSubscriptionsAreRefusedAndTheVapidKeyIsPublished() throws Exception {
        ApiClient api = api();
        ApiClient.User user = api.signUp("subscriber");
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[65]);
        String auth = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
        assertThat(api.post(user, "/push/subscriptions", Map.of("endpoint", "ftp://push.example/x", "keys", Map.of("p256dh", key, "auth", auth)))
                .status()).isEqualTo(400);
        assertThat(api.post(user, "/push/subscriptions", Map.of("endpoint", "https://push.example/x", "keys", Map.of("p256dh", key, "auth", auth)))
                .status()).as("65 zero bytes are not a point on P-256").isEqualTo(400);
        ApiClient.Response elsewhere = api.post(user, "/push/subscriptions", Map.of("endpoint", "https://push.example/x", "keys", freshKeys()));
        assertThat(elsewhere.status()).as("a host that is no allowed push service").isEqualTo(400);
        assertThat(elsewhere.body().get("detail").asText()).contains("push service");
        JsonNode published = api.get(null, "/push/vapid-public-key").body();
        assertThat(Base64.getUrlDecoder().decode(published.get("publicKey").asText())).hasSize(65);
    }

    private String subscribe(ApiClient.User user) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Subscriber subscriber = new Subscriber(generator.generateKeyPair(), new byte[16]);
        new SecureRandom().nextBytes(subscriber.auth());
        String path = "/push/" + user.userId();
        subscribers.put(path, subscriber);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        ApiClient.Response response = api().post(user, "/push/subscriptions", Map.of(
                "endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort() + path,
                "keys", Map.of("p256dh", base64.encodeToString(uncompressed((ECPublicKey) subscriber.keys().getPublic())),
                        "auth", base64.encodeToString(subscriber.auth()))));
        assertThat(response.status()).isEqualTo(201);
        return path;
    }

    private static boolean isOnline(ApiClient api, ApiClient.User asker, ApiClient.User user) {
        ApiClient.Response presence = api.get(asker, "/users/presence?user_ids=" + user.userId());
        return presence.status() == 200 && presence.body().toString().contains("\"online\"");
    }

    private boolean blocked(String blockerId, String blockedId) {
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM push_block WHERE blocker_id = ? AND blocked_id = ?")) {
            statement.setString(1, blockerId);
            statement.setString(2, blockedId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int subscriptions(String userId) {
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM push_subscription WHERE user_id = ?")) {
            statement.setString(1, userId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8292: an ES256 JWT for this receiver's origin, signed by the key the server publishes. */
    private void verifyVapid(String authorization) throws Exception {
        assertThat(authorization).startsWith("vapid t=");
        String token = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String key = authorization.substring(authorization.indexOf("k=") + 2).trim();
        assertThat(key).isEqualTo(api().get(null, "/push/vapid-public-key").body().get("publicKey").asText());
        String[] parts = token.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).as("VAPID signature").isTrue();
        JsonNode claims = ApiClient.json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(claims.get("aud").asText()).isEqualTo("http://127.0.0.1:" + receiver.getAddress().getPort());
        assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(claims.get("sub").asText()).startsWith("mailto:");
    }

    /** RFC 8291 on the browser's side: the shared secret from the sender's key in the header, then one aes128gcm record. */
    private static byte[] decrypt(byte[] body, Subscriber subscriber) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        buffer.get(salt);
        buffer.getInt(); // record size
        byte[] senderKey = new byte[buffer.get() & 0xFF];
        buffer.get(senderKey);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(subscriber.keys().getPrivate());
        agreement.doPhase(publicKey(senderKey), true);
        byte[] shared = agreement.generateSecret();
        byte[] receiverKey = uncompressed((ECPublicKey) subscriber.keys().getPublic());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes("WebPush: info\0".getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(receiverKey);
        info.writeBytes(senderKey);
        byte[] inputKey = hkdf(subscriber.auth(), shared, info.toByteArray(), 32);
        byte[] contentKey = hkdf(salt, inputKey, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, inputKey, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(sealed);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] input, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(input);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static ECPublicKey publicKey(byte[] point) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return out;
    }
}
