package dev.messenger.projections.conversation;

/**
 * The inbox read model in MongoDB, written only by {@link InboxProjection}:
 * {@code conversations} holds one document per conversation (participants, last message, activity time),
 * {@code user_conversations} one per user listing their conversations ({@code c.<conversationId>: joinedAt}), the
 * message requests waiting for them ({@code r.<conversationId>: startedAt}, {@link #REQUESTS}) and the
 * user's own flags of each ({@code s.<conversationId>: {archived, pinned}}, absent when both are off); a conversation's
 * pinned messages are in its document ({@link #PINS}), and so are its members' roles and join times ({@link #MEMBERS}),
 * a group's description and picture, its invite links ({@link #INVITE_LINKS}) and the requests to join it
 * ({@link #JOIN_REQUESTS}); a user's list also holds the invitations to groups waiting for their answer ({@link #INVITATIONS}).
 * Every hot read is an {@code _id} lookup.
 */
public final class ConversationDocuments {

    public static final String CONVERSATIONS = "conversations";
    public static final String USER_CONVERSATIONS = "user_conversations";
    /** In a conversation's document: its pinned messages, {@code {messageId, seq, pinnedBy, pinnedAt}}, oldest pin first. */
    public static final String PINS = "pins";
    /**
     * In a conversation's document: {@code <userId>: {role: owner|admin|member, joinedAt}} for each member (absent in
     * documents written before 2026-12-06 until the inbox is rebuilt).
     */
    public static final String MEMBERS = "members";
    public static final String DESCRIPTION = "description";
    /** In a user's list: the message requests waiting for them, {@code <conversationId>: startedAt}. */
    public static final String REQUESTS = "r";
    /** In a direct conversation's document: the participant for whom it is still a message request (null: none). */
    public static final String REQUEST_FOR = "requestFor";
    /** In a user's list: the conversations they muted, {@code <conversationId>: until} (unset when unmuted). */
    public static final String MUTED_UNTIL = "m";
    /** In a user's list: invitations waiting for them, {@code <conversationId>: {invitationId, invitedBy, invitedAt, title}}. */
    public static final String INVITATIONS = "i";
    /** In a group's document: its live invite links, {@code <code>: {approval, createdBy, createdAt}}. */
    public static final String INVITE_LINKS = "inviteLinks";
    /** In a group's document: requests to join waiting for an admin, {@code <userId>: {requestedAt}}. */
    public static final String JOIN_REQUESTS = "joinRequests";
    /** A group's picture: the media id of an image. */
    public static final String PICTURE = "pictureMediaId";
    /** Characters of a message body shown as the inbox preview. */
    public static final int PREVIEW_LENGTH = 120;

    private ConversationDocuments() {
    }
}
