package dev.messenger.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.Mentions;
import dev.messenger.ops.stack.Engine;
import dev.messenger.ops.stack.LocalStack;
import dev.messenger.ops.stack.StackSettings;
import dev.messenger.projections.push.PushProjection;
import dev.messenger.projections.support.Batches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The push projection on a real PostgreSQL with the gateway's migrations: who gets a notification in the outbox for
 * each message (every member but the sender, on each subscription, unless muted or blocking the sender), and how
 * messages within the collapse window become one notification.
 */
class PushProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static String postgresUrl;

    private JdbcTemplate jdbc;
    private PushProjection projection;
    private String conversation;

    /** PostgreSQL for this test class, started once through the ops code; it stops by itself once the JVM is gone. */
    private static synchronized String postgresUrl() {
        if (postgresUrl == null) {
            try {
                postgresUrl = LocalStack.start(StackSettings.forTests(Files.createTempDirectory("push-projection-it-"), Engine.POSTGRES))
                        .url(Engine.POSTGRES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgresUrl;
    }

    @BeforeEach
    void freshSchema() {
        String schema = "push_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(postgresUrl());
        Flyway.configure().dataSource(postgres).schemas(schema).locations("classpath:db/migration").load().migrate();
        postgres.setCurrentSchema(schema);
        jdbc = new JdbcTemplate(postgres);
        projection = new PushProjection(jdbc, Duration.ofSeconds(2));
        conversation = "g-" + UUID.randomUUID();
        subscribe("alice", "https://fcm.googleapis.com/fcm/send/alice");
        subscribe("bob", "https://fcm.googleapis.com/fcm/send/bob-phone");
        subscribe("bob", "https://updates.push.services.mozilla.com/wpush/v2/bob-laptop");
        subscribe("carol", "https://fcm.googleapis.com/fcm/send/carol");
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", "alice",
                List.of("alice", "bob", "carol"), AT));
    }

    @Test
    void everyMemberButTheSenderGetsOneOnEachSubscription() {
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "alice", "hello", null, null, AT));

        assertThat(outbox()).containsExactlyInAnyOrder(
                "https://fcm.googleapis.com/fcm/send/bob-phone bob m-1 1 false",
                "https://updates.push.services.mozilla.com/wpush/v2/bob-laptop bob m-1 1 false",
                "https://fcm.googleapis.com/fcm/send/carol carol m-1 1 false");
    }

    @Test
    void messagesWithinTheCollapseWindowBecomeOneNotification() {
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "alice", "one", null, null, AT));
        Batches.handle(projection, new MessageSent(conversation, "m-2", 2, "alice", "two", null, null, AT));

        assertThat(outbox()).contains("https://fcm.googleapis.com/fcm/send/carol carol m-2 2 false").hasSize(3);
    }

    @Test
    void aMemberWhoMutedUntilLaterOrBlocksTheSenderGetsNone() {
        Batches.handle(projection, new ConversationMuted(conversation, "carol", AT.plusSeconds(3600), AT));
        Batches.handle(projection, new UserBlocked("d-bob-alice", "bob", "alice", AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "alice", "hello", null, null, AT));

        assertThat(outbox()).isEmpty();
    }

    @Test
    void aMentionNotifiesEvenInAMutedConversationButNeverThroughABlock() {
        Batches.handle(projection, new ConversationMuted(conversation, "carol", AT.plusSeconds(3600), AT));
        Batches.handle(projection, new ConversationMuted(conversation, "bob", AT.plusSeconds(3600), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "alice", "@carol look", null, null, AT, MessageKind.TEXT,
                null, null, false, new Mentions(List.of("carol"), false)));
        assertThat(outbox()).containsExactly("https://fcm.googleapis.com/fcm/send/carol carol m-1 1 false");

        Batches.handle(projection, new UserBlocked("d-bob-alice", "bob", "alice", AT));
        Batches.handle(projection, new MessageSent(conversation, "m-2", 2, "alice", "@all meeting", null, null, AT, MessageKind.TEXT,
                null, null, false, new Mentions(List.of(), true)));
        assertThat(outbox()).containsExactly("https://fcm.googleapis.com/fcm/send/carol carol m-2 2 false");
    }

    @Test
    void aMessageRequestNotifiesItsRecipientOfNothingUntilAccepted() {
        String pair = "d-" + UUID.randomUUID();
        Batches.handle(projection, new ConversationStarted(pair, ConversationType.DIRECT, null, "alice", List.of("alice", "carol"), AT, false,
                "carol"));
        Batches.handle(projection, new MessageSent(pair, "m-1", 1, "alice", "hello", null, null, AT));
        assertThat(outbox()).isEmpty();

        Batches.handle(projection, new MessageRequestAccepted(pair, "carol", AT));
        Batches.handle(projection, new MessageSent(pair, "m-2", 2, "alice", "hello again", null, null, AT));
        assertThat(outbox()).containsExactly("https://fcm.googleapis.com/fcm/send/carol carol m-2 1 false");
    }

    @Test
    void aMuteThatEndedBeforeTheMessageMutesNothing() {
        Batches.handle(projection, new ConversationMuted(conversation, "carol", AT.minusSeconds(1), AT.minusSeconds(60)));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "alice", "hello", null, null, AT));

        assertThat(outbox()).contains("https://fcm.googleapis.com/fcm/send/carol carol m-1 1 false");
    }

    @Test
    void someoneWhoLeftGetsNone() {
        Batches.handle(projection, new ParticipantRemoved(conversation, "carol", "carol", AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, "bob", "hello", null, null, AT));

        assertThat(outbox()).containsExactly("https://fcm.googleapis.com/fcm/send/alice alice m-1 1 false");
    }

    @Test
    void aBatchsWritesGoOutTogetherInTheOrderOfItsEvents() {
        // carol leaves between the two messages: she is notified of the first only
        Batches.handleInOneBatch(projection, conversation,
                new MessageSent(conversation, "m-1", 1, "alice", "one", null, null, AT),
                new ParticipantRemoved(conversation, "carol", "carol", AT),
                new MessageSent(conversation, "m-2", 2, "bob", "two", null, null, AT));

        assertThat(outbox()).containsExactlyInAnyOrder(
                "https://fcm.googleapis.com/fcm/send/bob-phone bob m-1 1 false",
                "https://updates.push.services.mozilla.com/wpush/v2/bob-laptop bob m-1 1 false",
                "https://fcm.googleapis.com/fcm/send/carol carol m-1 1 false",
                "https://fcm.googleapis.com/fcm/send/alice alice m-2 1 false");
    }

    @Test
    void anEncryptedConversationsNotificationsSaySo() {
        String secret = "g-" + UUID.randomUUID();
        Batches.handle(projection, new ConversationStarted(secret, ConversationType.GROUP, "Secret", "alice", List.of("alice", "carol"), AT, true));
        Batches.handle(projection, new EncryptedMessageSent(secret, "m-1", 1, "alice", Map.of("carol:d1", "QQ=="), null, null, AT));

        assertThat(outbox()).containsExactly("https://fcm.googleapis.com/fcm/send/carol carol m-1 1 true");
    }

    private void subscribe(String userId, String endpoint) {
        jdbc.update("INSERT INTO push_subscription (endpoint, user_id, p256dh, auth) VALUES (?, ?, 'key', 'auth')", endpoint, userId);
    }

    private List<String> outbox() {
        return jdbc.query("SELECT endpoint, user_id, message_id, messages, encrypted FROM push_outbox",
                (row, i) -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getInt(4) + " " + row.getBoolean(5));
    }
}
