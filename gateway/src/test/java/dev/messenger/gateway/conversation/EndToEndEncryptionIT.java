package dev.messenger.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.StoreScan;
import dev.messenger.ops.e2ee.E2eeClient;
import dev.messenger.processing.admin.ProjectionAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * End-to-end encryption: the key directory, and two reference clients (ops/e2ee-client, JDK crypto
 * only) chatting through the public API while the server stores and relays what it cannot read.
 * Afterwards every store of the system is searched for the plaintexts, and none holds one.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndToEndEncryptionIT extends GatewayIntegrationTest {

    @Autowired
    private DataSource eventStore;

    @Autowired
    private com.mongodb.client.MongoClient mongo;

    @Autowired
    private RedissonClient redis;

    @Autowired
    private ProjectionAdmin projections;

    @Test
    void twoClientsChatEncryptedAndNoStoreOfTheSystemHoldsAPlaintext(CapturedOutput output) throws Exception {
        ApiClient api = api();
        ApiClient.User aliceAccount = api.signUp("alice");
        ApiClient.User bobAccount = api.signUp("bob");
        String base = "http://localhost:" + port;
        E2eeClient alice = E2eeClient.signIn(base, aliceAccount.username(), "correct horse", "phone");
        E2eeClient bob = E2eeClient.signIn(base, bobAccount.username(), "correct horse", "laptop");
        ApiClient.EventStream bobsStream = api.openEvents(bobAccount, null);

        String chat = alice.startEncryptedChat(bob.userId());
        List<String> fromAlice = List.of(secret("meet at the north gate"), secret("bring the blue folder"), secret("tell nobody"));
        List<String> fromBob = List.of(secret("understood"), secret("see you at noon"));
        Map<String, String> sentBy = new HashMap<>();
        List<String> aliceIds = new ArrayList<>();
        for (String text : fromAlice) {
            aliceIds.add(alice.send(chat, List.of(bob.userId()), text));
        }
        for (String text : fromBob) {
            sentBy.put(bob.send(chat, List.of(alice.userId()), text), text);
        }
        for (int i = 0; i < fromAlice.size(); i++) {
            sentBy.put(aliceIds.get(i), fromAlice.get(i));
        }

        // each side decrypts every message of the other, from history
        ApiClient.eventually(() -> bob.readHistory(chat).size() == fromAlice.size() && alice.readHistory(chat).size() == fromBob.size(),
                "both histories complete");
        assertThat(bob.readHistory(chat)).extracting(E2eeClient.Decrypted::plaintext).containsExactlyElementsOf(fromAlice);
        assertThat(alice.readHistory(chat)).extracting(E2eeClient.Decrypted::plaintext).containsExactlyElementsOf(fromBob);
        bob.readHistory(chat).forEach(m -> assertThat(sentBy.get(m.messageId())).isEqualTo(m.plaintext()));


        // Bob's live stream carries his own device's envelope and no body, which his client opens
        JsonNode live = ApiClient.json(bobsStream.next("message.sent").data());
        bobsStream.close();
        assertThat(live.get("body").isNull()).isTrue();
        assertThat(live.get("ciphertexts").size()).isEqualTo(1);
        assertThat(bob.open(chat, live.get("ciphertexts").get(bob.userId() + ":laptop").asText())).isEqualTo(fromAlice.get(0));

        // the server refuses a plaintext body here, and the inbox shows no text
        ApiClient.Response plain = api.post(aliceAccount, "/messages/send", Map.of("conversationId", chat, "body", secret("in the clear")));
        assertThat(plain.status()).isEqualTo(400);
        JsonNode inbox = api.get(bobAccount, "/conversations").body().get("conversations").get(0);
        assertThat(inbox.get("e2ee").asBoolean()).isTrue();
        assertThat(inbox.get("lastMessage").get("preview").isNull()).isTrue();

        // the server cannot forward what it cannot read, nor write into the encrypted chat a copy it could
        String group = api.post(aliceAccount, "/conversations", Map.of("type", "group", "title", "Plain", "participants",
                List.of(bobAccount.userId()))).body().get("conversationId").asText();
        ApiClient.Response out = api.post(aliceAccount, "/messages/forward", Map.of("fromConversationId", chat, "messageId", aliceIds.get(0),
                "toConversationId", group));
        assertThat(out.status()).isEqualTo(400);
        assertThat(out.headers().getContentType().toString()).isEqualTo("application/problem+json");
        String readable = api.post(aliceAccount, "/messages/send", Map.of("conversationId", group, "body", "in the clear"))
                .body().get("messageId").asText();
        ApiClient.eventually(() -> api.get(aliceAccount, "/messages/history?conversation_id=" + group).body().get("messages").size() == 1,
                "the group's history");
        assertThat(api.post(aliceAccount, "/messages/forward", Map.of("fromConversationId", group, "messageId", readable,
                "toConversationId", chat)).status()).isEqualTo(400);

        // a control: a message the server can read, which every scan below must find (so each scan does read its store)
        ApiClient.User carol = api.signUp("carol");
        String control = secret("a control in the clear");
        String plainChat = api.directChat(aliceAccount, carol);
        assertThat(api.post(aliceAccount, "/messages/send", Map.of("conversationId", plainChat, "body", control)).status()).isEqualTo(201);

        // once every projection has handled everything (search, Kafka, feeds, inbox ...), no store holds a plaintext
        ApiClient.eventually(() -> projections.list().stream().allMatch(p -> p.lag() == 0 && !p.replaying()),
                "every projection caught up", Duration.ofSeconds(60));
        List<String> secrets = new ArrayList<>(fromAlice);
        secrets.addAll(fromBob);
        secrets.add(control);
        Map<String, List<String>> found = new StoreScan(eventStore, mongo, redis).everyStore(secrets, topic -> true);
        // logs never hold a message body, encrypted or not; the event log holds even a plain message's body sealed
        found.put("gateway log", secrets.stream().filter(output.getAll()::contains).toList());
        assertThat(found).allSatisfy((store, inStore) -> assertThat(inStore)
                .as("plaintexts in " + store)
                .containsExactlyElementsOf(store.equals("gateway log") || store.equals("postgresql") ? List.of() : List.of(control)));
    }

    @Test
    void eachOneTimePreKeyIsHandedOutOnceUnderConcurrentFetches() throws Exception {
        ApiClient api = api();
        ApiClient.User owner = api.signUp("keys");
        E2eeClient.signIn("http://localhost:" + port, owner.username(), "correct horse", "phone"); // 20 one-time keys
        List<ApiClient.User> fetchers = IntStream.range(0, 4).mapToObj(i -> api.signUp("fetcher")).toList();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> fetches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/keys/" + owner.userId()))
                    .header("Authorization", "Bearer " + fetchers.get(i % fetchers.size()).token()).build();
            fetches.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> handedOut = new ArrayList<>();
        int without = 0;
        for (CompletableFuture<HttpResponse<String>> fetch : fetches) {
            HttpResponse<String> response = fetch.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode device = ApiClient.json(response.body()).get("devices").get(0);
            assertThat(device.get("signedPreKey").get("publicKey").asText()).isNotEmpty();
            if (device.get("oneTimePreKey").isNull()) {
                without++;
            } else {
                handedOut.add(device.get("oneTimePreKey").get("keyId").asInt());
            }
        }
        assertThat(handedOut).doesNotHaveDuplicates().hasSize(20);
        assertThat(without).isEqualTo(20);
    }

    @Test
    void aSignedPreKeyWhoseSignatureDoesNotVerifyIsRefused() throws Exception {
        ApiClient.User user = api().signUp("forger");
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] preKey = raw(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(preKey);
        byte[] signature = signer.sign();
        Map<String, Object> keys = new HashMap<>(Map.of(
                "identityKey", base64(raw(identity.getPublic().getEncoded())),
                "identityDhKey", base64(preKey),
                "oneTimePreKeys", List.of()));

        signature[10] ^= 0x40;
        keys.put("signedPreKey", Map.of("keyId", 1, "publicKey", base64(preKey), "signature", base64(signature)));
        ApiClient.Response forged = api().put(user, "/keys/devices/phone", keys);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.headers().getContentType()).hasToString("application/problem+json");
        assertThat(forged.body().get("detail").asText()).contains("signature");

        signature[10] ^= 0x40;
        keys.put("signedPreKey", Map.of("keyId", 1, "publicKey", base64(preKey), "signature", base64(signature)));
        keys.put("identityDhKey", base64(Arrays.copyOf(preKey, 31)));
        assertThat(api().put(user, "/keys/devices/phone", keys).status()).as("a 31-byte key").isEqualTo(400);
        keys.put("identityDhKey", base64(preKey));
        assertThat(api().put(user, "/keys/devices/phone", keys).status()).as("the genuine signature").isEqualTo(204);
        assertThat(api().put(user, "/keys/devices/" + "x".repeat(65), keys).status()).as("a 65-character device id").isEqualTo(400);
    }

    @Test
    void aRemovedDeviceIsInNoBundleGetsNoEnvelopesAndOnlyItsOwnerCanRemoveIt() {
        ApiClient api = api();
        ApiClient.User owner = api.signUp("devices");
        E2eeClient.signIn("http://localhost:" + port, owner.username(), "correct horse", "phone");
        E2eeClient.signIn("http://localhost:" + port, owner.username(), "correct horse", "laptop");
        ApiClient.User other = api.signUp("other");
        E2eeClient othersClient = E2eeClient.signIn("http://localhost:" + port, other.username(), "correct horse", "desk");
        String chat = othersClient.startEncryptedChat(owner.userId());
        assertThat(deviceIds(api.get(other, "/keys/" + owner.userId()))).containsExactlyInAnyOrder("phone", "laptop");
        ApiClient.eventually(() -> deviceIds(api.get(owner, "/keys/devices")).size() == 2, "the owner's list of devices");
        assertThat(deviceIds(api.get(other, "/keys/devices"))).as("another's list: their own devices only").doesNotContain("phone", "laptop");

        assertThat(api.delete(other, "/keys/devices/phone").status()).as("someone else's device").isEqualTo(404);
        assertThat(api.delete(owner, "/keys/devices/tablet").status()).as("a device never registered").isEqualTo(404);
        assertThat(api.delete(owner, "/keys/devices/phone").status()).isEqualTo(204);
        assertThat(deviceIds(api.get(other, "/keys/" + owner.userId()))).containsExactly("laptop");
        ApiClient.eventually(() -> deviceIds(api.get(owner, "/keys/devices")).equals(List.of("laptop")), "the removed device off the list");
        // a sender whose client still has the removed device's bundle is told to fetch the bundles again
        ApiClient.Response stale = api.post(other, "/messages/send", Map.of("conversationId", chat,
                "ciphertexts", Map.of(owner.userId() + ":phone", "AAAA", owner.userId() + ":laptop", "AAAA")));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("type").asText()).endsWith("stale-devices");
        assertThat(stale.body().get("detail").asText()).contains(owner.userId() + ":phone").doesNotContain(":laptop");
        assertThat(api.post(other, "/messages/send", Map.of("conversationId", chat, "ciphertexts", Map.of(owner.userId() + ":laptop", "AAAA")))
                .status()).isEqualTo(201);
        ApiClient.Response again = api.delete(owner, "/keys/devices/phone");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.headers().getContentType()).hasToString("application/problem+json");
        assertThat(api.delete(owner, "/keys/devices/" + "x".repeat(65)).status()).isEqualTo(404);
    }

    private static List<String> deviceIds(ApiClient.Response bundle) {
        assertThat(bundle.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        bundle.body().get("devices").forEach(device -> ids.add(device.get("deviceId").asText()));
        return ids;
    }

    private static String secret(String text) {
        return text + " " + UUID.randomUUID();
    }

    private static byte[] raw(byte[] x509) {
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
