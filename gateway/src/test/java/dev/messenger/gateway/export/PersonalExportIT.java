package dev.messenger.gateway.export;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * A personal export holds what its user was allowed to see and did, no more: a group's messages from their join to
 * their leave, their own settings, not the mute or block of another about them; every event with its log position;
 * their uploads; a manifest whose digests match what the zip holds. Only its owner can read it.
 */
class PersonalExportIT extends GatewayIntegrationTest {

    @Test
    void anExportHoldsWhatItsUserSawAndDidWithTheLogPositionsAndDigests() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        String tag = UUID.randomUUID().toString();
        String group = api.post(bob, "/conversations", Map.of("type", "group", "title", "G", "participants", List.of(carol.userId())))
                .body().get("conversationId").asText();
        eventually(() -> api.get(carol, "/conversations/" + group).status() == 200, "the group");
        api.post(bob, "/messages/send", Map.of("conversationId", group, "body", "before alice " + tag));
        assertThat(api.post(bob, "/conversations/" + group + "/participants", Map.of("userId", alice.userId())).status()).isEqualTo(204);
        eventually(() -> api.get(alice, "/conversations/" + group).status() == 200, "the group visible to alice");
        api.post(carol, "/messages/send", Map.of("conversationId", group, "body", "while alice " + tag));
        api.post(alice, "/messages/send", Map.of("conversationId", group, "body", "alice says " + tag));
        assertThat(api.put(bob, "/conversations/" + group + "/mute", Map.of()).status()).isEqualTo(204);
        assertThat(api.put(alice, "/users/me/privacy", Map.of("readReceipts", false, "lastSeen", "everyone", "presence", "everyone")).status())
                .isEqualTo(204);
        assertThat(api.delete(alice, "/conversations/" + group + "/participants/" + alice.userId()).status()).isEqualTo(204);
        api.post(carol, "/messages/send", Map.of("conversationId", group, "body", "after alice " + tag));
        String direct = api.directChat(alice, bob);
        assertThat(api.post(bob, "/users/block", Map.of("userId", alice.userId())).status()).isEqualTo(204);
        String photo = api.uploadPng(alice);
        ApiClient.EventStream stream = api.openEvents(alice, null);

        JsonNode started = api.post(alice, "/users/me/export", Map.of()).body();
        String exportId = started.get("exportId").asText();
        eventually(() -> "done".equals(api.get(alice, "/users/me/exports/" + exportId).body().path("status").asText()), "the export built");
        JsonNode status = api.get(alice, "/users/me/exports/" + exportId).body();
        assertThat(status.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(api.get(bob, "/users/me/exports/" + exportId).status()).as("another's export").isEqualTo(404);
        assertThat(api.get(bob, status.get("download").asText()).status()).as("another's download").isEqualTo(404);
        JsonNode announced = ApiClient.json(stream.next("export.progress").data());
        assertThat(announced.get("exportId").asText()).isEqualTo(exportId);
        stream.close();

        // operators see and download any account's export
        ApiClient.User admin = dev.messenger.gateway.Operators.admin(api);
        assertThat(api.get(alice, "/admin/exports/" + exportId).status()).isEqualTo(403);
        JsonNode asOperator = api.get(admin, "/admin/exports/" + exportId).body();
        assertThat(asOperator.get("sha256").asText()).isEqualTo(status.get("sha256").asText());
        assertThat(download(admin, asOperator.get("download").asText())).isEqualTo(download(alice, status.get("download").asText()));

        byte[] zip = download(alice, status.get("download").asText());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip))).isEqualTo(status.get("sha256").asText());
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries).containsKeys("events.ndjson", "account.json", "sessions.json", "files.json", "manifest.json", "files/" + photo);

        String events = new String(entries.get("events.ndjson"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(events).contains("while alice " + tag, "alice says " + tag).doesNotContain("before alice " + tag, "after alice " + tag);
        List<JsonNode> lines = events.lines().map(ApiClient::json).toList();
        assertThat(lines).extracting(line -> line.get("type").asText())
                .contains("ParticipantAdded", "ParticipantRemoved", "PrivacySettingsChanged", "ConversationStarted")
                .doesNotContain("ConversationMuted", "UserBlocked");
        List<Long> positions = lines.stream().map(line -> line.get("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(lines).allSatisfy(line -> assertThat(line.get("eventId").asText()).isNotEmpty());
        assertThat(lines).anySatisfy(line -> assertThat(line.get("aggregateId").asText()).isEqualTo(direct));

        assertThat(ApiClient.json(new String(entries.get("account.json"))).get("username").asText()).isEqualTo(alice.username());
        assertThat(ApiClient.json(new String(entries.get("sessions.json"))).get("sessions")).isNotEmpty();
        JsonNode file = ApiClient.json(new String(entries.get("files.json"))).get("files").get(0);
        assertThat(sha256(entries.get("files/" + photo))).isEqualTo(file.get("sha256").asText());
        JsonNode manifest = ApiClient.json(new String(entries.get("manifest.json")));
        assertThat(manifest.get("userId").asText()).isEqualTo(alice.userId());
        assertThat(manifest.get("logUpToPosition").asLong()).isGreaterThanOrEqualTo(positions.get(positions.size() - 1));
        List<String> named = new ArrayList<>();
        for (JsonNode entry : manifest.get("entries")) {
            named.add(entry.get("name").asText());
            assertThat(sha256(entries.get(entry.get("name").asText()))).as(entry.get("name").asText()).isEqualTo(entry.get("sha256").asText());
        }
        assertThat(named).containsExactlyInAnyOrderElementsOf(entries.keySet().stream().filter(name -> !name.equals("manifest.json")).toList());
    }

    private byte[] download(User user, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", user.bearer()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        return response.body();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
