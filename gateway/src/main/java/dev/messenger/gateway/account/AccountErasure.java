package dev.messenger.gateway.account;

import dev.messenger.command.RuleViolation;
import dev.messenger.command.conversation.EraseMessagesOfDeletedAccount;
import dev.messenger.command.conversation.MessageFacts;
import dev.messenger.command.conversation.RemoveParticipant;
import dev.messenger.command.keys.RemoveAllDeviceKeys;
import dev.messenger.gateway.security.AuthProperties;
import dev.messenger.gateway.session.RevokedSessions;
import dev.messenger.gateway.session.Sessions;
import dev.messenger.gateway.web.Commands;
import dev.messenger.media.MediaStore;
import dev.messenger.processing.erasure.BodyKeys;
import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.conversation.ConversationSummary;
import dev.messenger.realtime.push.PushSubscriptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deleting an account, and erasing what it left behind.
 *
 * <p>The deletion ({@link #delete}) is one transaction: the account's row is emptied and marked deleted, its sessions
 * revoked, its push subscriptions removed. From then on it cannot sign in, its tokens are refused (on every node
 * within the revocation poll), and it is gone from lookups. The erasure follows on whichever node claims it first, a
 * few seconds later (so that no node still accepts a send from it): each of its messages is deleted in its conversation
 * (by {@link EraseMessagesOfDeletedAccount}, so every read model, index, feed and topic drops the bodies as for any
 * delete, and the log's keys go with them), it leaves its groups, its devices leave its key directory, its uploads and
 * personal exports are deleted. Claims are leases in the account's row: an erasure that fails (a node dies, a store is down) is taken up
 * again when its lease ends, and each step is harmless to repeat.
 */
@Component
public class AccountErasure extends dev.messenger.gateway.jobs.PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(AccountErasure.class);
    /** How long a node may hold an erasure before another takes it up again. */
    static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AccountRepository accounts;
    private final Sessions sessions;
    private final RevokedSessions revokedSessions;
    private final PushSubscriptions pushSubscriptions;
    private final BodyKeys bodyKeys;
    private final Commands commands;
    private final ConversationQueries conversations;
    private final MediaStore media;
    private final dev.messenger.gateway.export.PersonalExports exports;
    /** Longer than any node takes to learn of the sessions' revocation: after it, nothing the account sends is accepted. */
    private final Duration delay;

    public AccountErasure(JdbcTemplate jdbc, TransactionTemplate transactions, AccountRepository accounts, Sessions sessions,
                          RevokedSessions revokedSessions, PushSubscriptions pushSubscriptions, BodyKeys bodyKeys, Commands commands,
                          ConversationQueries conversations, MediaStore media, dev.messenger.gateway.export.PersonalExports exports,
                          AuthProperties auth) {
        super("account-erasure", POLL);
        this.exports = exports;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.sessions = sessions;
        this.revokedSessions = revokedSessions;
        this.pushSubscriptions = pushSubscriptions;
        this.bodyKeys = bodyKeys;
        this.commands = commands;
        this.conversations = conversations;
        this.media = media;
        Duration fiveRevocationPolls = auth.revocationPoll().multipliedBy(5);
        this.delay = fiveRevocationPolls.compareTo(Duration.ofSeconds(3)) > 0 ? fiveRevocationPolls : Duration.ofSeconds(3);
    }

    /** Deletes the account (blocking JDBC: call off the event loop); false when it was deleted already. */
    public boolean delete(String userId) {
        List<String> revoked = new ArrayList<>();
        Boolean deleted = transactions.execute(status -> {
            if (!accounts.markDeleted(userId)) {
                return false;
            }
            revoked.addAll(sessions.revokeAllOfDeleted(userId));
            pushSubscriptions.removeAllOf(userId);
            return true;
        });
        revokedSessions.markRevoked(revoked);
        return Boolean.TRUE.equals(deleted);
    }

    /** Erases the next deleted account that is due, if any; true when there was one (erased, or failed and left to retry). */
    @Override
    protected boolean workOnNext() {
        List<String> claimed = jdbc.queryForList("""
                UPDATE account SET erasure_lease = now() + make_interval(secs => ?), erasure_attempts = erasure_attempts + 1
                WHERE user_id = (SELECT user_id FROM account
                                 WHERE deleted_at IS NOT NULL AND erased_at IS NULL AND deleted_at <= now() - make_interval(secs => ?)
                                   AND (erasure_lease IS NULL OR erasure_lease < now())
                                 ORDER BY deleted_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING user_id
                """, String.class, (double) LEASE.toSeconds(), delay.toMillis() / 1000.0);
        if (claimed.isEmpty()) {
            return false;
        }
        String userId = claimed.get(0);
        try {
            Erased erased = erase(userId);
            jdbc.update("UPDATE account SET erased_at = now(), erasure_lease = NULL WHERE user_id = ?", userId);
            log.info("erased deleted account {}: {} messages, {} groups left, {} uploads", userId, erased.messages(), erased.groupsLeft(),
                    erased.uploads());
        } catch (RuntimeException e) {
            log.warn("erasing deleted account {} failed; taken up again in {}: {}", userId, LEASE, e.toString());
        }
        return true;
    }

    record Erased(int messages, int groupsLeft, long uploads) {
    }

    private Erased erase(String userId) {
        Instant now = Instant.now();
        int messages = 0;
        for (Map.Entry<String, List<MessageFacts>> conversation : messagesByConversation(userId).entrySet()) {
            List<MessageFacts> all = conversation.getValue();
            for (int from = 0; from < all.size(); from += EraseMessagesOfDeletedAccount.MAX_MESSAGES) {
                List<MessageFacts> batch = all.subList(from, Math.min(all.size(), from + EraseMessagesOfDeletedAccount.MAX_MESSAGES));
                commands.send(new EraseMessagesOfDeletedAccount(conversation.getKey(), userId, batch, now)).block(STEP_TIMEOUT);
                messages += batch.size();
            }
        }
        int groupsLeft = 0;
        List<String> memberships = conversations.findConversationIdsOf(userId).blockOptional(STEP_TIMEOUT).orElse(List.of());
        for (String conversationId : memberships) {
            ConversationSummary summary = conversations.findConversation(conversationId).block(STEP_TIMEOUT);
            if (summary != null && "group".equalsIgnoreCase(summary.type())) {
                try {
                    commands.send(new RemoveParticipant(conversationId, userId, userId, now)).block(STEP_TIMEOUT);
                    groupsLeft++;
                } catch (RuleViolation e) {
                    log.debug("{} not removed from {}: {}", userId, conversationId, e.getMessage());
                }
            }
        }
        try {
            commands.send(new RemoveAllDeviceKeys(userId, now)).block(STEP_TIMEOUT);
        } catch (AggregateNotFoundException e) {
            // never registered a device
        }
        long uploads = media.deleteUploadsOf(userId).blockOptional(STEP_TIMEOUT).orElse(0L);
        exports.deleteAllOf(userId);
        bodyKeys.destroyAllOf(userId); // sent while the messages were listed, if any: unreadable in the log all the same
        return new Erased(messages, groupsLeft, uploads);
    }

    private Map<String, List<MessageFacts>> messagesByConversation(String userId) {
        Map<String, List<MessageFacts>> byConversation = new LinkedHashMap<>();
        for (BodyKeys.MessagePlace place : bodyKeys.placesOfMessagesBy(userId)) {
            byConversation.computeIfAbsent(place.conversationId(), id -> new ArrayList<>())
                    .add(new MessageFacts(place.messageId(), place.seq(), userId));
        }
        return byConversation;
    }
}
