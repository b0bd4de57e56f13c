package dev.messenger.events;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Conversation ids. A direct conversation's id is derived from its pair of users, so the pair has
 * exactly one conversation (and one aggregate that owns the rules between them, blocks included)
 * even before anyone asks for it, and two concurrent "open chat" requests meet in the same aggregate.
 */
public final class ConversationIds {

    private ConversationIds() {
    }

    public static String direct(String userA, String userB) {
        Objects.requireNonNull(userA, "userA");
        Objects.requireNonNull(userB, "userB");
        String first = userA.compareTo(userB) <= 0 ? userA : userB;
        String second = first.equals(userA) ? userB : userA;
        return "d-" + UUID.nameUUIDFromBytes(("direct:" + first + ":" + second).getBytes(StandardCharsets.UTF_8));
    }

    public static String newGroup() {
        return "g-" + UUID.randomUUID();
    }

    /** The group its creator asked for with this idempotency key: the same key of the same creator, the same group. */
    public static String group(String creator, String idempotencyKey) {
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        return "g-" + UUID.nameUUIDFromBytes((creator + "\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }
}
