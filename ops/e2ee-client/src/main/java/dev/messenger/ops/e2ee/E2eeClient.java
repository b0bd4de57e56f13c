package dev.messenger.ops.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A reference client of the messenger's end-to-end encryption, through the public API only.
 *
 * <p>One device per client. It publishes an Ed25519 identity key, an X25519 identity key, a signed
 * X25519 pre-key and one-time pre-keys ({@code PUT /keys/devices/{id}}). To write to someone it fetches
 * their bundle ({@code GET /keys/{userId}}), checks each signed pre-key against the device's identity
 * key, and agrees a session key per recipient device X3DH-style: from DH(IK_a, SPK_b), DH(EK_a, IK_b),
 * DH(EK_a, SPK_b) and, when the bundle had one, DH(EK_a, OPK_b), through HKDF. Each message key is
 * HKDF(session key, message number); messages are sealed with AES-256-GCM, bound to the sender device,
 * the recipient device and the conversation. Every envelope carries the session's header (the sender's
 * identity and ephemeral keys, which pre-keys were used), so the recipient agrees the same key on the first
 * envelope it reads, and uses its one-time pre-key once.
 *
 * <p>What it leaves out, being a reference and not a product: the Double Ratchet (a session's message
 * keys all come from one agreement, so there is no post-compromise security within a session) and the
 * verification of identity keys between people (safety numbers).
 */
public final class E2eeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] X3DH_INFO = "messenger-x3dh".getBytes(StandardCharsets.UTF_8);
    private static final int ONE_TIME_KEYS = 20;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String userId;
    private final String token;
    private final String deviceId;
    private final KeyPair identity = Crypto.ed25519();
    private final KeyPair identityDh = Crypto.x25519();
    private final KeyPair signedPreKey = Crypto.x25519();
    private final Map<Integer, KeyPair> oneTimePreKeys = new HashMap<>();
    /** Sessions this device started, per recipient device ({@code userId:deviceId}). */
    private final Map<String, OutgoingSession> outgoing = new HashMap<>();
    /** Session keys agreed on envelopes received, per sender device and ephemeral key. */
    private final Map<String, byte[]> incoming = new HashMap<>();

    private record OutgoingSession(byte[] key, ObjectNode header, int[] counter) {
    }

    /** A message as this client read it from history: who sent it and its plaintext. */
    public record Decrypted(String messageId, long seq, String senderId, String plaintext) {
    }

    private E2eeClient(String base, String userId, String token, String deviceId) {
        this.base = base;
        this.userId = userId;
        this.token = token;
        this.deviceId = deviceId;
    }

    /** Signs in an existing account (the client does not create accounts) and registers this device's keys. */
    public static E2eeClient signIn(String base, String username, String password, String deviceId) {
        E2eeClient unauthenticated = new E2eeClient(base, null, null, deviceId);
        JsonNode token = unauthenticated.call("POST", "/auth/token", Map.of("username", username, "password", password), 200);
        String accessToken = token.get("access_token").asText();
        E2eeClient client = new E2eeClient(base, jwtSubject(accessToken), accessToken, deviceId);
        client.registerDevice();
        return client;
    }

    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Starts (or finds) the end-to-end encrypted direct conversation with {@code otherUserId}. */
    public String startEncryptedChat(String otherUserId) {
        JsonNode conversation = call("POST", "/conversations",
                Map.of("type", "direct", "participants", List.of(otherUserId), "e2ee", true), -1);
        if (!conversation.path("e2ee").asBoolean()) {
            throw new IllegalStateException("the conversation with " + otherUserId + " is not end-to-end encrypted");
        }
        return conversation.get("conversationId").asText();
    }

    /** Encrypts {@code plaintext} for every device of every recipient and sends it; returns the message id. */
    public String send(String conversationId, List<String> recipients, String plaintext) {
        Map<String, String> ciphertexts = new LinkedHashMap<>();
        for (String recipient : recipients) {
            for (String device : devicesOf(recipient)) {
                ciphertexts.put(device, seal(conversationId, device, plaintext));
            }
        }
        JsonNode sent = call("POST", "/messages/send", Map.of("conversationId", conversationId, "ciphertexts", ciphertexts,
                "clientMessageId", UUID.randomUUID().toString()), -1);
        return sent.get("messageId").asText();
    }

    /** Reads the conversation's history and decrypts every message others sent to this device, oldest first. */
    public List<Decrypted> readHistory(String conversationId) {
        JsonNode page = call("GET", "/messages/history?limit=200&after=0&conversation_id=" + conversationId, null, 200);
        List<Decrypted> read = new ArrayList<>();
        for (JsonNode message : page.get("messages")) {
            if (message.get("senderId").asText().equals(userId) || message.path("deleted").asBoolean()) {
                continue;
            }
            JsonNode envelope = message.path("ciphertexts").get(userId + ":" + deviceId);
            if (envelope == null) {
                throw new IllegalStateException("message " + message.get("messageId").asText() + " has no envelope for this device");
            }
            read.add(new Decrypted(message.get("messageId").asText(), message.get("seq").asLong(), message.get("senderId").asText(),
                    open(conversationId, envelope.asText())));
        }
        return read;
    }

    /** Opens one envelope addressed to this device. */
    public String open(String conversationId, String envelopeBase64) {
        JsonNode envelope = readJson(Base64.getDecoder().decode(envelopeBase64));
        JsonNode header = envelope.get("header");
        String from = header.get("from").asText();
        String sessionId = from + "/" + header.get("ek").asText();
        byte[] sessionKey = incoming.computeIfAbsent(sessionId, id -> respond(header));
        int n = envelope.get("n").asInt();
        byte[] messageKey = Crypto.hkdf(new byte[0], sessionKey, ("message-" + n).getBytes(StandardCharsets.UTF_8), 32);
        byte[] plaintext = Crypto.open(messageKey, bytes(envelope.get("nonce")), bytes(envelope.get("ciphertext")),
                associatedData(from, userId + ":" + deviceId, conversationId));
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    private void registerDevice() {
        List<Map<String, Object>> oneTime = new ArrayList<>();
        for (int keyId = 1; keyId <= ONE_TIME_KEYS; keyId++) {
            KeyPair key = Crypto.x25519();
            oneTimePreKeys.put(keyId, key);
            oneTime.add(Map.of("keyId", keyId, "publicKey", base64(Crypto.raw(key.getPublic()))));
        }
        byte[] preKey = Crypto.raw(signedPreKey.getPublic());
        call("PUT", "/keys/devices/" + deviceId, Map.of(
                "identityKey", base64(Crypto.raw(identity.getPublic())),
                "identityDhKey", base64(Crypto.raw(identityDh.getPublic())),
                "signedPreKey", Map.of("keyId", 1, "publicKey", base64(preKey), "signature", base64(Crypto.sign(identity.getPrivate(), preKey))),
                "oneTimePreKeys", oneTime), 204);
    }

    /** The devices of a user this client has a session with, starting sessions from a fresh bundle when it has none. */
    private List<String> devicesOf(String recipient) {
        List<String> known = outgoing.keySet().stream().filter(d -> d.startsWith(recipient + ":")).toList();
        if (!known.isEmpty()) {
            return known;
        }
        JsonNode bundle = call("GET", "/keys/" + recipient, null, 200);
        List<String> devices = new ArrayList<>();
        for (JsonNode device : bundle.get("devices")) {
            String address = recipient + ":" + device.get("deviceId").asText();
            outgoing.put(address, initiate(device));
            devices.add(address);
        }
        if (devices.isEmpty()) {
            throw new IllegalStateException(recipient + " has no devices with keys");
        }
        return devices;
    }

    /** The initiator's side of the key agreement with one device of a fetched bundle. */
    private OutgoingSession initiate(JsonNode device) {
        byte[] identityKey = bytes(device.get("identityKey"));
        JsonNode signed = device.get("signedPreKey");
        byte[] preKey = bytes(signed.get("publicKey"));
        if (!Crypto.verify(identityKey, preKey, bytes(signed.get("signature")))) {
            throw new IllegalStateException("the signed pre-key of " + device.get("deviceId").asText() + " is not signed by its identity key");
        }
        byte[] theirIdentityDh = bytes(device.get("identityDhKey"));
        KeyPair ephemeral = Crypto.x25519();
        ByteArrayOutputStream secrets = new ByteArrayOutputStream();
        secrets.writeBytes(filled((byte) 0xFF)); // 32 bytes of 0xFF precede the DH outputs, as in X3DH
        secrets.writeBytes(Crypto.dh(identityDh.getPrivate(), preKey));
        secrets.writeBytes(Crypto.dh(ephemeral.getPrivate(), theirIdentityDh));
        secrets.writeBytes(Crypto.dh(ephemeral.getPrivate(), preKey));
        ObjectNode header = JSON.createObjectNode()
                .put("from", userId + ":" + deviceId)
                .put("ik", base64(Crypto.raw(identityDh.getPublic())))
                .put("ek", base64(Crypto.raw(ephemeral.getPublic())))
                .put("spk", signed.get("keyId").asInt());
        JsonNode oneTime = device.get("oneTimePreKey");
        if (oneTime != null && !oneTime.isNull()) {
            secrets.writeBytes(Crypto.dh(ephemeral.getPrivate(), bytes(oneTime.get("publicKey"))));
            header.put("opk", oneTime.get("keyId").asInt());
        } else {
            header.putNull("opk");
        }
        byte[] key = Crypto.hkdf(new byte[0], secrets.toByteArray(), X3DH_INFO, 32);
        return new OutgoingSession(key, header, new int[] {0});
    }

    /** The responder's side: the same key from the envelope's header and this device's private keys. */
    private byte[] respond(JsonNode header) {
        byte[] theirIdentityDh = bytes(header.get("ik"));
        byte[] ephemeral = bytes(header.get("ek"));
        ByteArrayOutputStream secrets = new ByteArrayOutputStream();
        secrets.writeBytes(filled((byte) 0xFF));
        secrets.writeBytes(Crypto.dh(signedPreKey.getPrivate(), theirIdentityDh));
        secrets.writeBytes(Crypto.dh(identityDh.getPrivate(), ephemeral));
        secrets.writeBytes(Crypto.dh(signedPreKey.getPrivate(), ephemeral));
        if (!header.get("opk").isNull()) {
            KeyPair oneTime = oneTimePreKeys.remove(header.get("opk").asInt()); // used once, then forgotten
            if (oneTime == null) {
                throw new IllegalStateException("one-time pre-key " + header.get("opk").asInt() + " is unknown or used");
            }
            secrets.writeBytes(Crypto.dh(oneTime.getPrivate(), ephemeral));
        }
        return Crypto.hkdf(new byte[0], secrets.toByteArray(), X3DH_INFO, 32);
    }

    private String seal(String conversationId, String device, String plaintext) {
        OutgoingSession session = outgoing.get(device);
        int n = ++session.counter()[0];
        byte[] messageKey = Crypto.hkdf(new byte[0], session.key(), ("message-" + n).getBytes(StandardCharsets.UTF_8), 32);
        byte[] nonce = Crypto.randomBytes(12);
        byte[] ciphertext = Crypto.seal(messageKey, nonce, plaintext.getBytes(StandardCharsets.UTF_8),
                associatedData(userId + ":" + deviceId, device, conversationId));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("header", session.header());
        envelope.put("n", n).put("nonce", base64(nonce)).put("ciphertext", base64(ciphertext));
        return base64(writeJson(envelope));
    }

    private static byte[] associatedData(String from, String to, String conversationId) {
        return (from + "\n" + to + "\n" + conversationId).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(writeJson(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean expected = expectedStatus < 0 ? response.statusCode() / 100 == 2 : response.statusCode() == expectedStatus;
            if (!expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jwtSubject(String jwt) {
        String[] parts = jwt.split("\\.");
        return readJson(Base64.getUrlDecoder().decode(parts[1])).get("sub").asText();
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] bytes(JsonNode base64) {
        return Base64.getDecoder().decode(base64.asText());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] writeJson(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not an envelope", e);
        }
    }
}
