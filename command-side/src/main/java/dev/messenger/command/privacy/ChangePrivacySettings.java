package dev.messenger.command.privacy;

import dev.messenger.events.privacy.Visibility;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangePrivacySettings(@TargetAggregateIdentifier String userId, boolean readReceipts, Visibility lastSeen,
                                    Visibility presence, Instant requestedAt) {
}
