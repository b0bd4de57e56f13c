package dev.messenger.realtime.presence;

import dev.messenger.events.privacy.Visibility;
import dev.messenger.query.privacy.PrivacyQueries;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Presence as one user may see it: each user's status and last seen, as their privacy settings allow the viewer
 * (everyone, contacts, nobody), and nothing between two users when either blocks the other. A user always sees their own.
 */
@Component
public class VisiblePresence {

    private final PresenceTracker presence;
    private final Contacts contacts;

    public VisiblePresence(PresenceTracker presence, Contacts contacts) {
        this.presence = presence;
        this.contacts = contacts;
    }

    /** What the viewer sees of a user: offline and no last seen where hidden. */
    public record Seen(String userId, boolean online, Instant lastSeen) {
    }

    /** Presence, last seen and privacy of every id in one pipelined Redis call, with the viewer's contacts and blocks. */
    public Mono<List<Seen>> find(String viewerId, List<String> userIds) {
        return Mono.zip(presence.observe(userIds), contacts.relations(viewerId, userIds))
                .map(all -> userIds.stream().map(id -> {
                    PresenceTracker.Observed observed = all.getT1().get(id);
                    PrivacyQueries.Settings settings = observed.privacy();
                    Contacts.Relation relation = all.getT2().get(id);
                    boolean self = id.equals(viewerId);
                    boolean showStatus = self || (!relation.blocked() && allows(settings.presence(), relation.contact()));
                    boolean showLastSeen = self || (!relation.blocked() && allows(settings.lastSeen(), relation.contact()));
                    return new Seen(id, showStatus && observed.online(), showLastSeen ? observed.lastSeen() : null);
                }).toList());
    }

    private static boolean allows(Visibility visibility, boolean contact) {
        return visibility == Visibility.EVERYONE || (visibility == Visibility.CONTACTS && contact);
    }
}
