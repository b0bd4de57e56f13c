package dev.messenger.projections.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import org.bson.conversions.Bson;

/**
 * The history read model in MongoDB, written only by {@link HistoryProjection}: one document per message,
 * {@code _id = "<conversationId>:<seq>"}, so a page of history is one {@code _id $in} lookup of the page's seqs, and
 * the head document ({@code _id = conversationId}) holds the highest seq stored.
 *
 * <p>A document per message rather than buckets of many: every write touches one small document (the stand-in, and
 * MongoDB's WiredTiger too, rewrite a whole document on update, which made each message cost a bucket's size), and no
 * conversation can grow a document towards the 16 MB limit.
 *
 * <p>A message is found by its id through the unique index {@link #BY_MESSAGE_ID} ({@code conversationId, messageId}):
 * every lookup names the conversation, so on a cluster sharded by conversation it reaches one shard. It replaced a
 * collection of its own ({@code message_index}, a document per message: a third write per send).
 */
public final class HistoryMessages {

    public static final String MESSAGES = "history_messages";
    public static final String HEADS = "history_heads";
    /** In a reply's document: the quoted message's facts ({@code messageId}, {@code seq}, {@code senderId}). */
    public static final String QUOTED = "quoted";
    /**
     * In an edited message's document: each edit's body and time ({@code {body, at}}), oldest first, gone with a delete.
     * {@code body} stays the body as sent (documents written before 2026-12-06 hold their latest body there instead,
     * with no edits, until history is rebuilt).
     */
    public static final String EDITS = "edits";
    /**
     * Service items ({@code ServiceItem}): what changed in a group between two messages, one document per gap,
     * {@code _id = "<conversationId>:<afterSeq>"} ({@link #serviceDocumentId}), holding {@code items} in the order they
     * happened; a page of history reads the documents of its gaps by {@code _id}.
     */
    public static final String SERVICE = "history_service";
    /** In a message's document that mentions someone: the ids it mentions, and {@code true} when it mentions everyone. */
    public static final String MENTIONS = "mentions";
    public static final String MENTION_ALL = "mentionAll";
    /** The name of the unique index on {@code conversationId, messageId}, made by the projection before it writes. */
    public static final String BY_MESSAGE_ID = "conversationId_1_messageId_1";
    /** The index from message id to its facts of versions until 2026-12-07, now {@link #BY_MESSAGE_ID}: a rebuild drops it. */
    public static final String LEGACY_MESSAGE_INDEX = "message_index";
    /** The buckets of 100 messages of versions before 2026-12-03: a rebuild of history drops them. */
    public static final String LEGACY_BUCKETS = "history_buckets";

    private HistoryMessages() {
    }

    /** The body a message document shows now: its last edit's, else the body as sent (null when deleted or none). */
    public static String currentBody(org.bson.Document message) {
        if (message.get(EDITS) instanceof java.util.List<?> edits && !edits.isEmpty()
                && edits.get(edits.size() - 1) instanceof org.bson.Document last) {
            return last.getString("body");
        }
        return message.get("body") instanceof String body ? body : null;
    }

    /** The message {@code messageId} of a conversation, found through {@link #BY_MESSAGE_ID}. */
    public static Bson byMessageId(String conversationId, String messageId) {
        return and(eq("conversationId", conversationId), eq("messageId", messageId));
    }

    public static String serviceDocumentId(String conversationId, long afterSeq) {
        return conversationId + ":" + afterSeq;
    }

    public static String messageDocumentId(String conversationId, long seq) {
        return conversationId + ":" + seq;
    }
}
