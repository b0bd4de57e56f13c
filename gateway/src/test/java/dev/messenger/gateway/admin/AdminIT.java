package dev.messenger.gateway.admin;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import dev.messenger.gateway.TestStack;
import dev.messenger.gateway.account.AdminRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Operators list the projections and rebuild one while the system runs. */
class AdminIT extends GatewayIntegrationTest {

    @Test
    void onlyAdminsSeeTheProjections() {
        ApiClient api = api();
        User someone = api.signUp("someone");
        Response refused = api.get(someone, "/admin/projections");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(api.post(someone, "/admin/projections/unread/rebuild", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void registeringTheUsernameAnOperatorUsesGrantsNothing() {
        ApiClient api = api();
        // the username the shipped configuration once listed, registered by whoever comes first
        String username = "ops_admin_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post(null, "/auth/register", Map.of("username", username, "password", "admin password", "displayName", "Ops"));
        User claimant = Operators.signIn(api, username, "admin password");
        assertThat(api.get(claimant, "/admin/projections").status()).isEqualTo(403);
    }

    @Test
    void anOperatorGrantsTheRoleOnTheDatabaseAndRevokesIt() {
        ApiClient api = api();
        String username = "operator_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post(null, "/auth/register", Map.of("username", username, "password", "admin password", "displayName", "Operator"));
        JdbcTemplate database = database();
        // the command migrates first, as a gateway does: on the database a gateway migrated, Java migrations included
        AdminRoles.migrate(database.getDataSource());
        assertThat(AdminRoles.grant(database, "nobody_" + username)).isEqualTo(AdminRoles.Outcome.NO_SUCH_ACCOUNT);

        assertThat(AdminRoles.grant(database, username)).isEqualTo(AdminRoles.Outcome.GRANTED);
        assertThat(AdminRoles.grant(database, username)).isEqualTo(AdminRoles.Outcome.UNCHANGED);
        assertThat(api.get(Operators.signIn(api, username, "admin password"), "/admin/projections").status()).isEqualTo(200);

        assertThat(AdminRoles.revoke(database, username)).isEqualTo(AdminRoles.Outcome.REVOKED);
        assertThat(api.get(Operators.signIn(api, username, "admin password"), "/admin/projections").status()).isEqualTo(403);
    }

    @Test
    void theListingShowsEveryProjectionCaughtUp() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        eventually(() -> {
            JsonNode list = api.get(admin, "/admin/projections").body().get("projections");
            List<String> names = new ArrayList<>();
            list.forEach(p -> names.add(p.get("name").asText()));
            boolean allCaughtUp = true;
            for (JsonNode p : list) {
                allCaughtUp &= p.get("status").asText().equals("running") && p.get("lag").asLong() == 0;
            }
            return names.containsAll(List.of("blocks", "feed", "history", "inbox", "privacy", "search", "unread")) && allCaughtUp;
        }, "every projection running with no lag", Duration.ofSeconds(60));
    }

    @Test
    void aRebuildReplaysTheLogAndASecondOneAtTheSameTimeIsRefused() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        for (int i = 0; i < 150; i++) {
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "m" + i));
        }
        eventually(() -> unread(api, bob, chat) == 150, "150 unread");

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> api.post(admin, "/admin/projections/unread/rebuild", Map.of()));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> api.post(admin, "/admin/projections/unread/rebuild", Map.of()));
        List<Integer> statuses = List.of(first.join().status(), second.join().status());
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);

        eventually(() -> {
            for (JsonNode p : api.get(admin, "/admin/projections").body().get("projections")) {
                if (p.get("name").asText().equals("unread")) {
                    return !p.get("replaying").asBoolean() && p.get("lag").asLong() == 0 && p.get("status").asText().equals("running");
                }
            }
            return false;
        }, "rebuild finished", Duration.ofSeconds(90));
        eventually(() -> unread(api, bob, chat) == 150, "the same count after the rebuild");
        assertThat(api.post(admin, "/admin/projections/nothing/rebuild", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aFeedRebuildEndsEveryOpenStreamWithAReset() throws Exception {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        try (ApiClient.EventStream stream = api.openEvents(bob, "0")) {
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "before the rebuild"));
            stream.next("message.sent");

            assertThat(api.post(admin, "/admin/projections/feed/rebuild", Map.of()).status()).isEqualTo(202);
            JsonNode reset = ApiClient.json(stream.next("feed.reset").data());
            assertThat(reset.get("resumeAfter").asLong()).isPositive();
            // the stream ends there (heartbeats alone must not hold it open): the client reconnects in the new epoch
            stream.ended().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        eventually(() -> {
            for (JsonNode p : api.get(admin, "/admin/projections").body().get("projections")) {
                if (p.get("name").asText().equals("feed")) {
                    return !p.get("replaying").asBoolean() && p.get("lag").asLong() == 0;
                }
            }
            return false;
        }, "feed rebuild finished", Duration.ofSeconds(120));
    }

    @Test
    void aHistoryRebuildWhileMessagesAreBeingSentLosesNone() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        for (int i = 0; i < 100; i++) {
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "before " + i));
        }
        eventually(() -> historySeqs(api, bob, chat).size() == 100, "100 messages in history");

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                assertThat(api.post(i % 2 == 0 ? alice : bob, "/messages/send", Map.of("conversationId", chat, "body", "during " + i))
                        .status()).isEqualTo(201);
            }
        });
        assertThat(api.post(admin, "/admin/projections/history/rebuild", Map.of()).status()).isEqualTo(202);
        sending.join();

        List<Long> every = java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList();
        eventually(() -> historySeqs(api, bob, chat).equals(every), "every message once, none lost", Duration.ofSeconds(90));
    }

    @Test
    void aPausedProjectionStaysWhereItWasUntilResumed() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        OneUnread one = oneUnread(api);
        User alice = one.alice();
        User bob = one.bob();
        String chat = one.chat();
        assertThat(api.post(bob, "/admin/projections/unread/pause", Map.of()).status()).isEqualTo(403);

        Response paused = api.post(admin, "/admin/projections/unread/pause", Map.of());
        try {
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.body().get("status").asText()).isEqualTo("paused");
            JsonNode listed = projection(api, admin, "unread");
            assertThat(listed.get("paused").asBoolean()).isTrue();
            assertThat(listed.get("status").asText()).isEqualTo("stopped");

            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "two"));
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "three"));
            eventually(() -> historySeqs(api, bob, chat).size() == 3, "the other projections go on");
            eventually(() -> projection(api, admin, "unread").get("lag").asLong() > 0, "unread falls behind");
            assertThat(unread(api, bob, chat)).isEqualTo(1);
        } finally {
            assertThat(api.post(admin, "/admin/projections/unread/resume", Map.of()).status()).isEqualTo(200);
        }
        eventually(() -> unread(api, bob, chat) == 3, "caught up from where it stopped");
        assertThat(projection(api, admin, "unread").get("paused").asBoolean()).isFalse();
        assertThat(api.post(admin, "/admin/projections/nothing/pause", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aPausedProjectionCanBeRebuiltAndTheRebuildEndsThePause() {
        ApiClient api = api();
        User admin = Operators.admin(api);
        OneUnread one = oneUnread(api);
        String chat = one.chat();
        assertThat(api.post(admin, "/admin/projections/unread/pause", Map.of()).status()).isEqualTo(200);
        api.post(one.alice(), "/messages/send", Map.of("conversationId", chat, "body", "two"));

        assertThat(api.post(admin, "/admin/projections/unread/rebuild", Map.of()).status()).isEqualTo(202);

        eventually(() -> unread(api, one.bob(), chat) == 2, "rebuilt, with what was sent while paused");
        JsonNode listed = projection(api, admin, "unread");
        assertThat(listed.get("paused").asBoolean()).isFalse();
        eventually(() -> projection(api, admin, "unread").get("status").asText().equals("running"), "running again");
    }

    private record OneUnread(User alice, User bob, String chat) {
    }

    /** Alice and Bob in a direct chat, with one message from Alice that Bob's unread count shows. */
    private static OneUnread oneUnread(ApiClient api) {
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "one"));
        eventually(() -> unread(api, bob, chat) == 1, "1 unread");
        return new OneUnread(alice, bob, chat);
    }

    private static JsonNode projection(ApiClient api, User admin, String name) {
        for (JsonNode p : api.get(admin, "/admin/projections").body().get("projections")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    /** The whole history, oldest first. */
    private static List<Long> historySeqs(ApiClient api, User user, String conversationId) {
        List<Long> seqs = new ArrayList<>();
        Response page = api.get(user, "/messages/history?conversation_id=" + conversationId + "&after=0&limit=200");
        if (page.status() != 200) {
            return seqs;
        }
        page.body().get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }

    private static JdbcTemplate database() {
        return new JdbcTemplate(new DriverManagerDataSource(TestStack.get().gatewayEnvironment().get("DATABASE_URL")));
    }


    private static long unread(ApiClient api, User user, String conversationId) {
        for (JsonNode c : api.get(user, "/conversations").body().get("conversations")) {
            if (c.get("conversationId").asText().equals(conversationId)) {
                return c.get("unreadCount").asLong();
            }
        }
        return -1;
    }
}
