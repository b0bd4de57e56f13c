package dev.messenger.gateway.conversation;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.message.MessageSent;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BlockingIT extends GatewayIntegrationTest {

    private static final int SENDS = 300;

    @Autowired
    EventStore eventStore;

    record Attempt(long startedNanos, int status, String type) {
    }

    @Test
    void noSendFromTheBlockedUserIsAcceptedAfterTheBlock() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String pair = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();

        ExecutorService senders = Executors.newFixedThreadPool(32);
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        CountDownLatch someSent = new CountDownLatch(40);
        CountDownLatch done = new CountDownLatch(SENDS);
        for (int i = 0; i < SENDS; i++) {
            int n = i;
            senders.submit(() -> {
                try {
                    long started = System.nanoTime();
                    Response response = api.post(bob, "/messages/send", Map.of("conversationId", pair, "body", "spam " + n));
                    attempts.add(new Attempt(started, response.status(),
                            response.status() == 403 ? response.body().get("type").asText() : ""));
                } finally {
                    someSent.countDown();
                    done.countDown();
                }
            });
        }
        someSent.await(60, TimeUnit.SECONDS);
        AtomicLong blockReturned = new AtomicLong();
        assertThat(api.post(alice, "/users/block", Map.of("userId", bob.userId())).status()).isEqualTo(204);
        blockReturned.set(System.nanoTime());
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        senders.shutdown();

        // in the event log, nothing from bob follows the block
        // from sequence 0: the raw events, not the latest snapshot and what follows it
        List<Object> stream = eventStore.readEvents(pair, 0).asStream().<Object>map(DomainEventMessage::getPayload).toList();
        int blockedAt = stream.indexOf(stream.stream().filter(UserBlocked.class::isInstance).findFirst().orElseThrow());
        assertThat(stream.subList(blockedAt + 1, stream.size())).noneMatch(MessageSent.class::isInstance);
        // every acknowledged send is in the log, and every send that began after the block returned was refused as blocked
        long accepted = attempts.stream().filter(a -> a.status() == 201).count();
        assertThat(stream.stream().filter(MessageSent.class::isInstance).count()).isEqualTo(accepted);
        assertThat(attempts).hasSize(SENDS).allMatch(a -> a.status() == 201 || a.status() == 403);
        assertThat(attempts).filteredOn(a -> a.startedNanos() > blockReturned.get())
                .isNotEmpty()
                .allMatch(a -> a.status() == 403 && a.type().endsWith("/blocked"));
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", pair, "body", "you too?")).status()).isEqualTo(403);
    }

    @Test
    void blockedListAndGroupAddsFollowTheBlockAndTheUnblock() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String group = api.post(bob, "/conversations", Map.of("type", "group", "title", "Bob's", "participants", List.of()))
                .body().get("conversationId").asText();
        assertThat(api.post(alice, "/users/block", Map.of("userId", bob.userId())).status()).isEqualTo(204);
        eventually(() -> api.get(alice, "/users/blocked").body().get("blocked").toString().contains(bob.userId()), "blocked list");
        eventually(() -> api.get(bob, "/conversations/" + group).status() == 200, "group visible");
        Response add = api.post(bob, "/conversations/" + group + "/participants", Map.of("userId", alice.userId()));
        assertThat(add.status()).isEqualTo(403);
        assertThat(add.body().get("type").asText()).endsWith("/blocked");

        assertThat(api.post(alice, "/users/unblock", Map.of("userId", bob.userId())).status()).isEqualTo(204);
        eventually(() -> api.get(alice, "/users/blocked").body().get("blocked").isEmpty(), "unblocked");
        assertThat(api.post(bob, "/conversations/" + group + "/participants", Map.of("userId", alice.userId())).status()).isEqualTo(204);
        // a pair that never wrote can still be blocked, and neither can then open their chat
        User carol = api.signUp("carol");
        assertThat(api.post(carol, "/users/block", Map.of("userId", alice.userId())).status()).isEqualTo(204);
        Response open = api.post(alice, "/conversations", Map.of("type", "direct", "participants", List.of(carol.userId())));
        assertThat(open.status()).isEqualTo(403);
        assertThat(api.post(carol, "/users/unblock", Map.of("userId", bob.userId())).status()).isEqualTo(204);
    }

    @Test
    void anAdminCannotAddSomeoneWhoBlocksAMember() {
        ApiClient api = api();
        User owner = api.signUp("owner");
        User member = api.signUp("member");
        User blocker = api.signUp("blocker");
        String group = api.post(owner, "/conversations", Map.of("type", "group", "title", "Three", "participants", List.of(member.userId())))
                .body().get("conversationId").asText();
        assertThat(api.post(blocker, "/users/block", Map.of("userId", owner.userId())).status()).isEqualTo(204);
        eventually(() -> api.get(blocker, "/users/blocked").body().get("blocked").toString().contains(owner.userId()), "blocked list");
        eventually(() -> api.get(member, "/conversations/" + group).status() == 200, "group visible to the member");
        assertThat(api.put(owner, "/conversations/" + group + "/admins/" + member.userId(), Map.of()).status()).isEqualTo(204);

        Response add = api.post(member, "/conversations/" + group + "/participants", Map.of("userId", blocker.userId()));
        assertThat(add.status()).isEqualTo(403);
        assertThat(add.body().get("type").asText()).endsWith("/blocked");
        // an outsider asking the same is told only that there is no such conversation
        User outsider = api.signUp("outsider");
        assertThat(api.post(outsider, "/conversations/" + group + "/participants", Map.of("userId", blocker.userId())).status()).isEqualTo(404);
        assertThat(api.get(owner, "/conversations/" + group).body().get("participants").toString()).doesNotContain(blocker.userId());
    }
}
