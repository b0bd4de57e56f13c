package dev.messenger.gateway.report;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Members report messages and conversations; the operators read the reports, evidence kept after a delete. */
class ReportsIT extends GatewayIntegrationTest {

    @Test
    void aReportReachesTheOperatorsWithItsEvidenceAndCanBlockTheSender() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User mallory = api.signUp("mallory");
        User outsider = api.signUp("outsider");
        String direct = api.directChat(mallory, alice);
        String spam = api.post(mallory, "/messages/send", Map.of("conversationId", direct, "body", "cheap watches at example.org"))
                .body().get("messageId").asText();
        eventually(() -> api.get(alice, "/messages/history?conversation_id=" + direct).body().get("messages").size() == 1, "history");

        // refusals: outsiders learn nothing, one's own message, no reason
        assertThat(api.post(outsider, "/reports", Map.of("conversationId", direct, "messageId", spam, "reason", "spam")).status())
                .isEqualTo(404);
        assertThat(api.post(mallory, "/reports", Map.of("conversationId", direct, "messageId", spam, "reason", "spam")).status())
                .isEqualTo(400);
        assertThat(api.post(alice, "/reports", Map.of("conversationId", direct, "messageId", "m-nothing", "reason", "spam")).status())
                .isEqualTo(404);
        assertThat(api.post(alice, "/reports", Map.of("conversationId", direct, "reason", "")).status()).isEqualTo(400);
        assertThat(api.post(alice, "/reports", Map.of("conversationId", direct, "reason", "x".repeat(501))).status()).isEqualTo(400);

        // alice reports the message and blocks its sender; a retry with the same key is the same report
        Response filed = api.postWithHeader(alice, "/reports", Map.of("conversationId", direct, "messageId", spam, "reason", "spam",
                "block", true), "Idempotency-Key", "report-1");
        assertThat(filed.status()).isEqualTo(201);
        String reportId = filed.body().get("reportId").asText();
        assertThat(api.postWithHeader(alice, "/reports", Map.of("conversationId", direct, "messageId", spam, "reason", "spam",
                "block", true), "Idempotency-Key", "report-1").body().get("reportId").asText()).isEqualTo(reportId);
        Response blocked = api.post(mallory, "/messages/send", Map.of("conversationId", direct, "body", "still there?"));
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.body().get("type").asText()).endsWith("/blocked");

        // the sender deletes it; the operators still see what was reported
        assertThat(api.post(mallory, "/messages/delete", Map.of("conversationId", direct, "messageId", spam)).status()).isEqualTo(204);
        assertThat(api.get(alice, "/admin/reports").status()).isEqualTo(403);
        eventually(() -> reportIds(api, admin).contains(reportId), "the report is listed");
        JsonNode report = api.get(admin, "/admin/reports").body().get("reports").get(0);
        assertThat(report.get("reportId").asText()).isEqualTo(reportId);
        assertThat(report.get("reporterId").asText()).isEqualTo(alice.userId());
        assertThat(report.get("reportedUserId").asText()).isEqualTo(mallory.userId());
        assertThat(report.get("messageId").asText()).isEqualTo(spam);
        assertThat(report.get("evidence").asText()).isEqualTo("cheap watches at example.org");
        assertThat(report.get("reason").asText()).isEqualTo("spam");
        assertThat(reportIds(api, admin).stream().filter(reportId::equals).count()).as("one report for the retried request").isEqualTo(1);

        // a group reported as a whole reports nobody in particular; newest first, paged
        String group = api.post(mallory, "/conversations", Map.of("type", "group", "title", "Deals", "participants", List.of(outsider.userId())))
                .body().get("conversationId").asText();
        eventually(() -> api.get(outsider, "/conversations/" + group).status() == 200, "group visible");
        String second = api.post(outsider, "/reports", Map.of("conversationId", group, "reason", "scam group")).body().get("reportId").asText();
        eventually(() -> reportIds(api, admin).get(0).equals(second), "the newer report first");
        JsonNode page = api.get(admin, "/admin/reports?limit=1").body();
        assertThat(page.get("reports").get(0).get("reportedUserId").isNull()).isTrue();
        JsonNode older = api.get(admin, "/admin/reports?limit=1&before=" + page.get("next").asText()).body();
        assertThat(older.get("reports").get(0).get("reportId").asText()).isEqualTo(reportId);
        assertThat(api.get(admin, "/admin/reports?before=nope").status()).isEqualTo(400);
    }

    private static List<String> reportIds(ApiClient api, User admin) {
        List<String> ids = new java.util.ArrayList<>();
        api.get(admin, "/admin/reports?limit=100").body().get("reports").forEach(r -> ids.add(r.get("reportId").asText()));
        return ids;
    }
}
