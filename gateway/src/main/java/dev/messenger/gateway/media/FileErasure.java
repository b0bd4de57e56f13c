package dev.messenger.gateway.media;

import dev.messenger.media.MediaStore;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.query.conversation.ConversationQueries;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the files of deleted messages. Deleting a message queues its file ({@code media_erasure}, in the delete's
 * transaction: {@code BodyKeys.destroy}); here, on whichever node claims it, the file is deleted unless something still
 * shows it: another message that is not deleted (a forward, the same bytes sent again: {@code message_key.media_id})
 * or a group's picture. With the file goes the history's record of where it was sent. Checked when the file is about to go, not when the message was deleted, so two deletes at
 * once cannot each leave it to the other. A failure leaves the row for another try a minute later.
 */
@Component
public class FileErasure extends dev.messenger.gateway.jobs.PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(FileErasure.class);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final MediaStore media;
    private final ConversationQueries conversations;
    private final HistoryProjection history;

    public FileErasure(JdbcTemplate jdbc, MediaStore media, ConversationQueries conversations, HistoryProjection history) {
        super("file-erasure", POLL);
        this.jdbc = jdbc;
        this.media = media;
        this.conversations = conversations;
        this.history = history;
    }

    /** Handles the next queued file, if any; true when there was one. */
    @Override
    protected boolean workOnNext() {
        List<String> claimed = jdbc.queryForList("""
                UPDATE media_erasure SET lease = now() + make_interval(secs => ?), attempts = attempts + 1
                WHERE media_id = (SELECT media_id FROM media_erasure WHERE lease IS NULL OR lease < now()
                                  ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING media_id
                """, String.class, (double) LEASE.toSeconds());
        if (claimed.isEmpty()) {
            return false;
        }
        String mediaId = claimed.get(0);
        try {
            boolean shownByAMessage = !jdbc.queryForList("SELECT 1 FROM message_key WHERE media_id = ? LIMIT 1", Integer.class, mediaId).isEmpty();
            boolean aPicture = !shownByAMessage && Boolean.TRUE.equals(conversations.isPicture(mediaId).block(STEP_TIMEOUT));
            if (!shownByAMessage && !aPicture) {
                media.delete(mediaId).block(STEP_TIMEOUT);
                history.forgetShares(mediaId).block(STEP_TIMEOUT);
            }
            jdbc.update("DELETE FROM media_erasure WHERE media_id = ?", mediaId);
            log.debug("file {} of a deleted message: {}", mediaId, shownByAMessage || aPicture ? "kept, still shown" : "deleted");
        } catch (RuntimeException e) {
            log.warn("deleting the file {} of a deleted message failed; tried again in {}: {}", mediaId, LEASE, e.toString());
        }
        return true;
    }
}
