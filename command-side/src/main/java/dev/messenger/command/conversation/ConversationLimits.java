package dev.messenger.command.conversation;

/**
 * The sizes a conversation's rules allow, in one place: the aggregate enforces them, and the HTTP layer's request
 * validation reads the same constants, so that a request refused at the edge and one refused by the rule say the same.
 */
public final class ConversationLimits {

    /** Largest group; a messenger group is a conversation, not a broadcast channel. */
    public static final int MAX_PARTICIPANTS = 1024;
    public static final int MAX_OTHER_PARTICIPANTS = MAX_PARTICIPANTS - 1;
    public static final int MAX_TITLE_LENGTH = 200;
    /** A group's description: a paragraph or two, like other messengers allow. */
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    public static final int MAX_BODY_LENGTH = 4000;
    /**
     * What reactions may add to one message: its read-model document stays bounded (50 emoji by at most 1,024
     * members is about 2 MB, far under MongoDB's 16 MB), and nobody fills a message with reactions alone.
     */
    public static final int MAX_DISTINCT_REACTIONS = 50;
    public static final int MAX_REACTIONS_PER_MEMBER = 20;
    /** Pinned messages of one conversation: a short list people can read, and a bounded read-model document. */
    public static final int MAX_PINS = 50;
    /** A report's reason: a category or a few sentences for the moderators. */
    public static final int MAX_REPORT_REASON_LENGTH = 500;
    /** How many recent reports a retry is recognised among (per conversation). */
    public static final int RECENT_REPORTS = 100;
    /** How many recent sends a retry is recognised among (per conversation). */
    /** Invitations waiting for an answer in one group. */
    public static final int MAX_PENDING_INVITATIONS = MAX_PARTICIPANTS;
    /** Invite links a group has at once (revoked ones do not count). */
    public static final int MAX_INVITE_LINKS = 100;
    /** Requests to join waiting for an admin in one group. */
    public static final int MAX_JOIN_REQUESTS = 1000;
    public static final int RETRY_WINDOW = 1000;
    /** Envelopes of one encrypted message: per recipient device, and all together (base64 characters). */
    public static final int MAX_ENVELOPES = 1024;
    public static final int MAX_ENVELOPE_LENGTH = 87_384; // 64 KiB of ciphertext
    public static final int MAX_ENVELOPES_LENGTH = 4 * 1024 * 1024;
    /** An envelope's key is {@code <userId>:<deviceId>}. */
    public static final int MAX_ENVELOPE_KEY_LENGTH = 200;

    private ConversationLimits() {
    }
}
