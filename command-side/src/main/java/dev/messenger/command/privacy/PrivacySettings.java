package dev.messenger.command.privacy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.privacy.Visibility;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One user's privacy settings (everything visible, read receipts on, until they change them). */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class PrivacySettings {

    @AggregateIdentifier
    private String userId;
    private boolean readReceipts = true;
    private Visibility lastSeen = Visibility.EVERYONE;
    private Visibility presence = Visibility.EVERYONE;
    private Visibility groupAdds = Visibility.EVERYONE;

    protected PrivacySettings() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangePrivacySettings command) {
        Objects.requireNonNull(command.lastSeen(), "lastSeen");
        Objects.requireNonNull(command.presence(), "presence");
        Visibility newGroupAdds = command.groupAdds() == null ? groupAdds : command.groupAdds();
        boolean unchanged = readReceipts == command.readReceipts() && lastSeen == command.lastSeen() && presence == command.presence()
                && groupAdds == newGroupAdds;
        if (userId != null && unchanged) {
            return;
        }
        apply(new PrivacySettingsChanged(command.userId(), command.readReceipts(), command.lastSeen(), command.presence(),
                command.requestedAt(), newGroupAdds));
    }

    @EventSourcingHandler
    void on(PrivacySettingsChanged event) {
        userId = event.userId();
        readReceipts = event.readReceipts();
        lastSeen = event.lastSeen();
        presence = event.presence();
        groupAdds = event.groupAddsOrDefault();
    }
}
