package dev.messenger.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends that arrive together on PostgreSQL: they share commits, and each is recorded exactly once, its conversation's
 * events numbered without a gap or a duplicate.
 */
class GroupCommitIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void sendsThatArriveTogetherShareCommitsAndEachIsRecordedOnce() throws Exception {
        ApiClient api = api();
        List<User> senders = new ArrayList<>();
        List<String> chats = new ArrayList<>();
        for (int pair = 0; pair < 4; pair++) {
            User a = api.signUp("burst");
            User b = api.signUp("burst");
            chats.add(api.directChat(a, b));
            senders.add(a);
        }
        DistributionSummary groups = meters.get("messenger.commands.group.size").summary();
        long groupsBefore = groups.count();
        double commandsBefore = groups.totalAmount();

        int sends = 400;
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < sends; i++) {
                int chat = i % chats.size();
                String body = "burst " + i;
                answers.add(clients.submit(() -> api.post(senders.get(chat), "/messages/send",
                        Map.of("conversationId", chats.get(chat), "body", body))));
            }
            var messageIds = new HashSet<String>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).isEqualTo(201);
                messageIds.add(response.body().get("messageId").asText());
            }
            assertThat(messageIds).hasSize(sends);
        } finally {
            clients.shutdownNow();
        }

        double commandsPerCommit = (groups.totalAmount() - commandsBefore) / (groups.count() - groupsBefore);
        assertThat(commandsPerCommit).as("commands per commit while 48 clients send at once").isGreaterThan(1.0);
        for (String chat : chats) {
            Map<String, Object> stream = jdbc.queryForMap("SELECT count(*) AS events, min(sequencenumber) AS first,"
                    + " max(sequencenumber) AS last, count(*) FILTER (WHERE payloadtype LIKE '%MessageSent') AS sent"
                    + " FROM domainevententry WHERE aggregateidentifier = ?", chat);
            assertThat(((Number) stream.get("first")).longValue()).isZero();
            assertThat(((Number) stream.get("last")).longValue() + 1).as("no gap in %s", chat)
                    .isEqualTo(((Number) stream.get("events")).longValue());
            assertThat(((Number) stream.get("sent")).longValue()).isEqualTo(sends / chats.size());
        }
    }
}
