package dev.messenger.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * A code that names its group (an invite link's code, an invitation's id): the group id's 16 bytes, then
     * {@code secret}, in base64url. So a command for it goes straight to the group's aggregate, which holds the codes it
     * made, without a read model that may not have caught up yet.
     */
    public static String groupCode(String groupId, byte[] secret) {
        UUID uuid = UUID.fromString(groupId.substring(2));
        ByteBuffer bytes = ByteBuffer.allocate(16 + secret.length)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).put(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The group a {@link #groupCode} names; empty for anything else. */
    public static Optional<String> groupOfCode(String code) {
        if (code == null || code.length() < 24 || code.length() > 64) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(code);
        } catch (IllegalArgumentException notBase64url) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return Optional.of("g-" + new UUID(buffer.getLong(), buffer.getLong()));
    }

    /** Whether this is a group's id as this class makes them ({@code g-} and a UUID). */
    public static boolean isGroup(String conversationId) {
        if (conversationId == null || !conversationId.startsWith("g-") || conversationId.length() != 38) {
            return false;
        }
        try {
            UUID.fromString(conversationId.substring(2));
            return true;
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
