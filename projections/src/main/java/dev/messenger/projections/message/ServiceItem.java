package dev.messenger.projections.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import java.time.Instant;
import java.util.Locale;

/**
 * A change to a group as history and the stream show it between messages ("Alice added Bob"): {@code kind} is always
 * {@code service}; {@code type} says what happened ({@link #MEMBER_ADDED} …); {@code afterSeq} is the seq of the message
 * it follows (0: before the first; null only on the stream for a membership change recorded before 2026-12-06); {@code actorId} who did it (null for a role the group gave by its own rule);
 * {@code userId} whom it concerns; {@code role}, {@code title} and {@code pictureMediaId} where they apply.
 * {@code serviceId} is the id of the event it shows, the same in history and on every stream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "serviceId", "conversationId", "afterSeq", "type", "actorId", "userId", "role", "title", "pictureMediaId", "at"})
public record ServiceItem(String serviceId, String conversationId, Long afterSeq, String type, String actorId, String userId,
                          String role, String title, String pictureMediaId, Instant at) {

    public static final String MEMBER_ADDED = "member.added";
    /** Joined by an invite link (no approval needed): the member added themselves. */
    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEMBER_LEFT = "member.left";
    public static final String ROLE_CHANGED = "role.changed";
    public static final String RENAMED = "conversation.renamed";
    public static final String DESCRIPTION_CHANGED = "conversation.description.changed";
    public static final String PICTURE_CHANGED = "conversation.picture.changed";

    @com.fasterxml.jackson.annotation.JsonProperty("kind")
    public String kind() {
        return "service";
    }

    public static ServiceItem of(String serviceId, ParticipantAdded event, Long afterSeq) {
        return new ServiceItem(serviceId, event.conversationId(), afterSeq,
                event.userId().equals(event.addedBy()) ? MEMBER_JOINED : MEMBER_ADDED, event.addedBy(), event.userId(), null, null,
                null, event.addedAt());
    }

    public static ServiceItem of(String serviceId, ParticipantRemoved event, Long afterSeq) {
        return new ServiceItem(serviceId, event.conversationId(), afterSeq, event.left() ? MEMBER_LEFT : MEMBER_REMOVED,
                event.removedBy(), event.userId(), null, null, null, event.removedAt());
    }

    public static ServiceItem of(String serviceId, ParticipantRoleChanged event) {
        return new ServiceItem(serviceId, event.conversationId(), event.afterSeq(), ROLE_CHANGED, event.changedBy(), event.userId(),
                event.role().name().toLowerCase(Locale.ROOT), null, null, event.changedAt());
    }

    public static ServiceItem of(String serviceId, ConversationRenamed event) {
        return new ServiceItem(serviceId, event.conversationId(), event.afterSeq(), RENAMED, event.renamedBy(), null, null,
                event.title(), null, event.renamedAt());
    }

    public static ServiceItem of(String serviceId, ConversationDescriptionChanged event) {
        return new ServiceItem(serviceId, event.conversationId(), event.afterSeq(), DESCRIPTION_CHANGED, event.changedBy(), null, null,
                null, null, event.changedAt());
    }

    public static ServiceItem of(String serviceId, ConversationPictureChanged event) {
        return new ServiceItem(serviceId, event.conversationId(), event.afterSeq(), PICTURE_CHANGED, event.changedBy(), null, null,
                null, event.pictureMediaId(), event.changedAt());
    }
}
