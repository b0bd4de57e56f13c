package dev.messenger.gateway.resilience;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayProcess;
import dev.messenger.gateway.ProcessStack;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes (the packaged jar) on different ports, sharing engines of their own ({@link ProcessStack},
 * not the test JVM's, whose gateway would be a third node): a message sent through one reaches a stream held on the
 * other, a session signed out through one is refused by the other, every projection's segments are split between them, and when one is killed with SIGKILL the other
 * takes all of them over and nothing is lost.
 */
class TwoGatewayNodesIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    record Node(String name, GatewayProcess gateway) {
        /** How its segment claims name it ({@code pid@host/} and a part unique to this start). */
        String owner() {
            return gateway.process().pid() + "@";
        }

        Process process() {
            return gateway.process();
        }

        int port() {
            return gateway.port();
        }

        String log(int lastChars) {
            return gateway.log(lastChars);
        }
    }

    @Test
    void nodesShareTheProjectionsAndTheStreamsAndOneTakesOverWhenTheOtherIsKilled() throws Exception {
        LocalStack stack = ProcessStack.get();
        {
            // no keys configured, and a data directory each: the nodes must agree on the keys they generate
            // a first, until it holds every segment (a tracking processor has a thread for each); b joins then,
            // so that only balancing can give b a share
            Node a = start("a", stack);
            Node b = null;
            try {
                awaitReady(a);
                eventually(() -> {
                    Map<String, Set<String>> owners = owners(stack);
                    return owners.size() >= 9 && owners.values().stream().allMatch(o -> o.size() == 1 && o.iterator().next().startsWith(a.owner()));
                }, "a holds every segment", SETTLE);
                b = start("b", stack);
                awaitReady(b);
                Node joined = b;
                ApiClient viaA = new ApiClient(a.port());
                ApiClient viaB = new ApiClient(b.port());
                User alice = viaA.signUp("alice");
                User bob = viaB.signUp("bob");
                assertThat(viaB.get(alice, "/users/me").status()).as("a token from one node is good on the other").isEqualTo(200);
                assertThat(viaB.get(null, "/push/vapid-public-key").body()).as("and push subscriptions are for both")
                        .isEqualTo(viaA.get(null, "/push/vapid-public-key").body());

                // every projection's two segments: one on each node
                eventually(() -> {
                    Map<String, Set<String>> owners = owners(stack);
                    return owners.size() >= 9 && owners.values().stream().allMatch(o -> o.size() == 2
                            && o.stream().anyMatch(x -> x.startsWith(a.owner())) && o.stream().anyMatch(x -> x.startsWith(joined.owner())));
                }, "each projection split between the two nodes", SETTLE);

                // a session signed out through one node loses its token and its stream on the other within 5 s
                ApiClient.SignedIn alicePhone = viaA.signIn(alice, "phone");
                try (ApiClient.EventStream phoneOnB = viaB.openEvents(alicePhone.user(), null)) {
                    assertThat(viaB.get(alicePhone.user(), "/users/me").status()).isEqualTo(200);
                    assertThat(viaA.delete(alice, "/sessions/" + alicePhone.sessionId()).status()).isEqualTo(204);
                    phoneOnB.ended().get(5, TimeUnit.SECONDS);
                    assertThat(viaB.get(alicePhone.user(), "/users/me").status()).isEqualTo(401);
                }

                String chat;
                try (ApiClient.EventStream bobOnB = viaB.openEvents(bob, null)) {
                    chat = viaA.directChat(alice, bob);
                    for (int i = 1; i <= 20; i++) {
                        assertThat(viaA.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "through a " + i,
                                "clientMessageId", "a-" + i)).status()).isEqualTo(201);
                    }
                    for (int i = 1; i <= 20; i++) {
                        assertThat(body(bobOnB.next("message.sent"))).isEqualTo("through a " + i);
                    }

                    a.process().destroyForcibly(); // SIGKILL: no goodbye, its claims stay until they time out
                    assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

                    // sends go on through b at once; its projections catch up once b holds every segment
                    for (int i = 1; i <= 20; i++) {
                        assertThat(viaB.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "through b " + i,
                                "clientMessageId", "b-" + i)).status()).isEqualTo(201);
                    }
                    eventually(() -> owners(stack).values().stream().allMatch(o -> o.size() == 1 && o.iterator().next().startsWith(joined.owner())),
                            "b holds every segment", SETTLE);
                    for (int i = 1; i <= 20; i++) {
                        assertThat(body(bobOnB.next("message.sent"))).isEqualTo("through b " + i);
                    }
                }
                eventually(() -> viaB.get(bob, "/messages/history?conversation_id=" + chat + "&limit=50").body().get("messages").size() == 40,
                        "all 40 messages in history", SETTLE);
                JsonNode inbox = viaB.get(bob, "/conversations").body().get("conversations").get(0);
                assertThat(inbox.get("lastMessage").get("seq").asLong()).isEqualTo(40);
                assertThat(inbox.get("unreadCount").asLong()).isEqualTo(40);
                assertThat(b.process().isAlive()).as(b.log(4000)).isTrue();
            } finally {
                for (Node node : java.util.Arrays.asList(a, b)) {
                    if (node != null) {
                        node.gateway().stop();
                    }
                }
            }
        }
    }

    private static String body(org.springframework.http.codec.ServerSentEvent<String> event) {
        return ApiClient.json(event.data()).get("body").asText();
    }

    /** Who holds each projection's segments: processor name to the owners of its claimed segments. */
    private static Map<String, Set<String>> owners(LocalStack stack) {
        Map<String, Set<String>> owners = new HashMap<>();
        try (Connection db = DriverManager.getConnection(stack.url(Engine.POSTGRES));
             ResultSet rows = db.createStatement().executeQuery("SELECT processorname, owner FROM tokenentry")) {
            while (rows.next()) {
                owners.computeIfAbsent(rows.getString(1), k -> new HashSet<>()).add(String.valueOf(rows.getString(2)));
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        try (MongoClient mongo = MongoClients.create(stack.url(Engine.MONGODB))) {
            String database = new com.mongodb.ConnectionString(stack.url(Engine.MONGODB)).getDatabase();
            for (Document entry : mongo.getDatabase(database == null ? "messenger" : database).getCollection("trackingtokens").find()) {
                owners.computeIfAbsent(entry.getString("processorName"), k -> new HashSet<>()).add(String.valueOf(entry.getString("owner")));
            }
        }
        return owners;
    }

    private Node start(String name, LocalStack stack) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + name));
        Map<String, String> environment = new HashMap<>(stack.gatewayEnvironment());
        environment.put("MESSENGER_DATA_DIR", nodeDir.toString());
        // balancing at test speed (production: 5 s, 15 s, 10 s)
        environment.put("MESSENGER_PROCESSORS_BALANCE_INTERVAL", "2s");
        environment.put("MESSENGER_PROCESSORS_NODE_TIMEOUT", "6s");
        environment.put("MESSENGER_PROCESSORS_RELEASE_FOR", "6s");
        return new Node(name, GatewayProcess.start("-Xmx384m", StackSettings.freePort(), nodeDir.resolve("gateway.log"), environment));
    }

    private static void awaitReady(Node node) throws InterruptedException {
        node.gateway().awaitReady(Duration.ofSeconds(180));
    }
}
