package dev.messenger.command.privacy;

import dev.messenger.events.privacy.Visibility;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace a user's privacy settings; {@code groupAdds} null keeps who may add them to groups as it is. */
public record ChangePrivacySettings(@TargetAggregateIdentifier String userId, boolean readReceipts, Visibility lastSeen,
                                    Visibility presence, Instant requestedAt, Visibility groupAdds) {

    public ChangePrivacySettings(String userId, boolean readReceipts, Visibility lastSeen, Visibility presence, Instant requestedAt) {
        this(userId, readReceipts, lastSeen, presence, requestedAt, null);
    }
}
