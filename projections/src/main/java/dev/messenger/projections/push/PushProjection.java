package dev.messenger.projections.push;

import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.MessageRequestAccepted;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.Mentions;
import dev.messenger.events.message.MessageSent;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import dev.messenger.projections.support.JdbcWrites;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides who gets a push notification for each new message and puts it in the outbox
 * ({@code push_outbox} in PostgreSQL, in the same transaction as this projection's token, so a message is
 * enqueued exactly once). Every member but the sender gets one on each of their subscriptions, unless
 * they muted the conversation (a message that mentions them notifies all the same), blocked the sender, or have not
 * accepted it as a message request (they are no push member of it until then); whether they are online is decided
 * when it is sent.
 * A pending notification of the same conversation absorbs newer messages: several messages within the
 * collapse window become one. Rebuilding this projection refills its copies of members, mutes and blocks
 * but never enqueues old messages again. A batch's writes go out together, in order, after its last event
 * ({@link JdbcWrites}).
 */
@Component
@ProcessingGroup(PushProjection.GROUP)
public class PushProjection {

    public static final String GROUP = "push";

    private static final String ENQUEUE = """
            INSERT INTO push_outbox (endpoint, conversation_id, user_id, sender_id, message_id, messages, encrypted, not_before, created_at)
            SELECT s.endpoint, m.conversation_id, m.user_id, ?, ?, 1,
                   EXISTS (SELECT 1 FROM push_encrypted_conversation e WHERE e.conversation_id = m.conversation_id), ?, now()
            FROM push_member m
            JOIN push_subscription s ON s.user_id = m.user_id
            WHERE m.conversation_id = ? AND m.user_id <> ?
              AND (NOT EXISTS (SELECT 1 FROM push_mute u WHERE u.conversation_id = m.conversation_id AND u.user_id = m.user_id AND u.until > ?)
                   OR ? OR m.user_id = ANY (string_to_array(?, ',')))
              AND NOT EXISTS (SELECT 1 FROM push_block b WHERE b.blocker_id = m.user_id AND b.blocked_id = ?)
            ON CONFLICT (endpoint, conversation_id) DO UPDATE
            SET messages = push_outbox.messages + 1, sender_id = excluded.sender_id, message_id = excluded.message_id
            """;

    private final JdbcTemplate jdbc;
    private final Duration collapseWindow;

    public PushProjection(JdbcTemplate jdbc, @Value("${messenger.push.collapse-window:2s}") Duration collapseWindow) {
        this.jdbc = jdbc;
        this.collapseWindow = collapseWindow;
    }

    @EventHandler
    void on(ConversationStarted event) {
        // a message request notifies its recipient of nothing until they accept it
        event.participants().stream().filter(user -> !user.equals(event.requestFor())).forEach(user -> addMember(event.conversationId(), user));
        if (event.e2ee()) {
            writes().add("INSERT INTO push_encrypted_conversation (conversation_id) VALUES (?) ON CONFLICT DO NOTHING", event.conversationId());
        }
    }

    @EventHandler
    void on(ParticipantAdded event) {
        addMember(event.conversationId(), event.userId());
    }

    @EventHandler
    void on(MessageRequestAccepted event) {
        addMember(event.conversationId(), event.userId());
    }

    @EventHandler
    void on(ParticipantRemoved event) {
        writes().add("DELETE FROM push_member WHERE conversation_id = ? AND user_id = ?", event.conversationId(), event.userId());
    }

    @EventHandler
    void on(ConversationMuted event) {
        if (event.until() == null) {
            writes().add("DELETE FROM push_mute WHERE conversation_id = ? AND user_id = ?", event.conversationId(), event.userId());
        } else {
            writes().add("INSERT INTO push_mute (conversation_id, user_id, until) VALUES (?, ?, ?) "
                    + "ON CONFLICT (conversation_id, user_id) DO UPDATE SET until = excluded.until",
                    event.conversationId(), event.userId(), Timestamp.from(event.until()));
        }
    }

    @EventHandler
    void on(UserBlocked event) {
        writes().add("INSERT INTO push_block (blocker_id, blocked_id) VALUES (?, ?) ON CONFLICT DO NOTHING", event.blockerId(), event.blockedId());
    }

    @EventHandler
    void on(UserUnblocked event) {
        writes().add("DELETE FROM push_block WHERE blocker_id = ? AND blocked_id = ?", event.blockerId(), event.blockedId());
    }

    @EventHandler
    @DisallowReplay
    void on(MessageSent event) {
        enqueue(event.conversationId(), event.messageId(), event.senderId(), event.sentAt(), event.mentions());
    }

    @EventHandler
    @DisallowReplay
    void on(EncryptedMessageSent event) {
        enqueue(event.conversationId(), event.messageId(), event.senderId(), event.sentAt(), event.mentions());
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE push_member, push_mute, push_block, push_encrypted_conversation");
    }

    /** User ids are {@code u-<uuid>}: a comma never occurs in one, so the mentioned go as one comma-separated parameter. */
    private void enqueue(String conversationId, String messageId, String senderId, Instant sentAt, Mentions mentions) {
        Timestamp at = Timestamp.from(sentAt);
        boolean everyone = mentions != null && mentions.all();
        String mentioned = mentions == null ? "" : String.join(",", mentions.userIds());
        writes().add(ENQUEUE, senderId, messageId, Timestamp.from(Instant.now().plus(collapseWindow)), conversationId, senderId, at,
                everyone, mentioned, senderId);
    }

    private JdbcWrites writes() {
        return JdbcWrites.of(GROUP, jdbc);
    }

    private void addMember(String conversationId, String userId) {
        writes().add("INSERT INTO push_member (conversation_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", conversationId, userId);
    }
}
