package dev.messenger.media;

import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.history.HistoryQueries;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may read a file: its uploader, and the current participants of any conversation it was sent in
 * (the history projection records where each file was sent). Everyone else learns nothing: not even
 * that the file exists.
 */
@Component
public class MediaAccess {

    private final MediaStore store;
    private final HistoryQueries history;
    private final ConversationQueries conversations;

    public MediaAccess(MediaStore store, HistoryQueries history, ConversationQueries conversations) {
        this.store = store;
        this.history = history;
        this.conversations = conversations;
    }

    /** The file, when this user may read it; empty otherwise. */
    public Mono<StoredMedia> readable(String mediaId, String userId) {
        return store.find(mediaId).filterWhen(media -> media.uploaderId().equals(userId) ? Mono.just(true) : sharedWith(mediaId, userId));
    }

    private Mono<Boolean> sharedWith(String mediaId, String userId) {
        return history.findConversationsSharing(mediaId)
                .concatMap(conversations::findConversation)
                .any(conversation -> conversation.hasParticipant(userId));
    }
}
