package dev.messenger.events.privacy;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A user's privacy settings are now these (the whole set, not a delta). {@code groupAdds} (optional, added within
 * revision 1) is who may add the user to a group without asking; null in events recorded before it means everyone.
 */
@Revision("1")
public record PrivacySettingsChanged(String userId, boolean readReceipts, Visibility lastSeen, Visibility presence, Instant changedAt,
                                     Visibility groupAdds) {

    /** Settings without a group-adds choice: everyone may add the user. */
    public PrivacySettingsChanged(String userId, boolean readReceipts, Visibility lastSeen, Visibility presence, Instant changedAt) {
        this(userId, readReceipts, lastSeen, presence, changedAt, null);
    }

    /** Who may add the user to a group without an invitation. */
    public Visibility groupAddsOrDefault() {
        return groupAdds == null ? Visibility.EVERYONE : groupAdds;
    }
}
