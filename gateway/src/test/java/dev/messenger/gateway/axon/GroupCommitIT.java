package dev.messenger.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.messenger.command.conversation.SendMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends that arrive together on PostgreSQL: they share commits, and each is recorded exactly once, its conversation's
 * events numbered without a gap or a duplicate; and no command is answered as recorded when its group's transaction
 * could not commit.
 */
class GroupCommitIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandBus commandBus;

    /** Keeps its conversation's lane busy until released, so that the commands sent meanwhile make one group. */
    record HoldLane(@TargetAggregateIdentifier String conversationId, CountDownLatch started, CountDownLatch release) {
    }

    /** A command whose handler meets an SQL error, after which PostgreSQL has aborted the transaction. */
    record FailInSql(@TargetAggregateIdentifier String conversationId) {
    }

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

    @Test
    void anSqlErrorInAGroupNeverLetsTheCommandsBeforeItBeAnsweredAsRecorded() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("aborted");
        User bob = api.signUp("aborted");
        String chat = api.directChat(alice, bob);
        List<Registration> handlers = List.of(
                commandBus.subscribe(HoldLane.class.getName(), message -> {
                    HoldLane hold = (HoldLane) message.getPayload();
                    hold.started().countDown();
                    return hold.release().await(10, TimeUnit.SECONDS);
                }),
                commandBus.subscribe(FailInSql.class.getName(), message -> jdbc.queryForObject("SELECT 1 / 0", Integer.class)));
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<CommandResultMessage<?>> held = dispatch(new HoldLane(chat, started, release));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            String messageId = "m-" + UUID.randomUUID();
            CompletableFuture<CommandResultMessage<?>> send = dispatch(new SendMessage(chat, messageId, alice.userId(),
                    "sent just before a failure", "c-" + UUID.randomUUID(), null, Instant.now()));
            CompletableFuture<CommandResultMessage<?>> failing = dispatch(new FailInSql(chat));
            release.countDown();
            held.get(10, TimeUnit.SECONDS);

            assertThat(failing.get(10, TimeUnit.SECONDS).isExceptional()).isTrue();
            CommandResultMessage<?> sent = send.get(10, TimeUnit.SECONDS);
            Integer recorded = jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, chat, "%" + messageId + "%");
            // answered as recorded only if it is; with the transaction aborted it cannot be, so it fails (retryably)
            assertThat(sent.isExceptional()).as("the send's answer").isTrue();
            assertThat(recorded).isZero();
        } finally {
            handlers.forEach(Registration::cancel);
        }
        // the conversation goes on: its aggregate was not left holding the failed group's message
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "and after it")).status())
                .isEqualTo(201);
    }

    private CompletableFuture<CommandResultMessage<?>> dispatch(Object command) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        commandBus.dispatch(GenericCommandMessage.asCommandMessage(command),
                (CommandMessage<?> message, CommandResultMessage<?> result) -> answer.complete(result));
        return answer;
    }
}
