package dev.messenger.gateway.media;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.history.MediaShares;
import dev.messenger.query.conversation.ConversationQueries;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may read a file: its uploader, and the current participants of any conversation it was sent in
 * (the history projection records where each file was sent). Everyone else learns nothing: not even
 * that the file exists.
 */
@Component
public class MediaAccess {

    private final MediaStore store;
    private final MongoDatabase db;
    private final ConversationQueries conversations;

    public MediaAccess(MediaStore store, MongoDatabase messengerDatabase, ConversationQueries conversations) {
        this.store = store;
        this.db = messengerDatabase;
        this.conversations = conversations;
    }

    /** The file, when this user may read it; empty otherwise. */
    public Mono<StoredMedia> readable(String mediaId, String userId) {
        return store.find(mediaId).filterWhen(media -> media.uploaderId().equals(userId) ? Mono.just(true) : sharedWith(mediaId, userId));
    }

    private Mono<Boolean> sharedWith(String mediaId, String userId) {
        return Mono.from(db.getCollection(MediaShares.COLLECTION).find(eq("_id", mediaId)).first())
                .flatMapMany(shares -> Flux.fromIterable(shares.getList(MediaShares.CONVERSATIONS, String.class, List.of())))
                .concatMap(conversations::findConversation)
                .any(conversation -> conversation.hasParticipant(userId));
    }
}
