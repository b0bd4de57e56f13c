package dev.messenger.projections.privacy;

/**
 * The privacy read model in Redis, written only by {@link PrivacyProjection}: {@code privacy:{userId}} =
 * {@code readReceipts|lastSeen|presence|groupAdds} ({@code 1} or {@code 0}, then three visibilities; values written
 * before groupAdds existed have two), and {@link #COMPLETE}.
 */
public final class PrivacyKeys {

    /** Present while every user's settings are in Redis: absent after a loss of Redis data and during a rebuild. */
    public static final String COMPLETE = "privacy-complete";

    private PrivacyKeys() {
    }

    public static String key(String userId) {
        return "privacy:{" + userId + "}";
    }
}
