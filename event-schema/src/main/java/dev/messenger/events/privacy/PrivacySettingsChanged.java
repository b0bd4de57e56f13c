package dev.messenger.events.privacy;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A user's privacy settings are now these (the whole set, not a delta). */
@Revision("1")
public record PrivacySettingsChanged(String userId, boolean readReceipts, Visibility lastSeen, Visibility presence, Instant changedAt) {
}
