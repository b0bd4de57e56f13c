package dev.messenger.query.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.ConversationIds;
import dev.messenger.projections.conversation.ConversationDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of how people come into groups, from the inbox read model: the invitations waiting for a user, a group's invite
 * links and requests to join (for its admins), and what a link shows to someone who holds it.
 */
@Component
public class AdmissionQueries {

    /** Invitations listed at most (newest first): more than a person answers in one sitting. */
    public static final int MAX_INVITATIONS = 200;

    private final MongoDatabase db;

    public AdmissionQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    /** {@code title} is the group's name now (as it was when invited, if the group's document is not there). */
    public record Invitation(String invitationId, String conversationId, String title, String invitedBy, Instant createdAt) {
    }

    public record InviteLink(String code, boolean approval, String createdBy, Instant createdAt) {
    }

    public record JoinRequest(String userId, Instant requestedAt) {
    }

    /** What a link's holder sees before joining: the group's name and description, how many are in it, whether an admin approves. */
    public record LinkPreview(String conversationId, String title, String description, int memberCount, boolean approval) {
    }

    /** The invitations waiting for the user's answer, newest first. */
    public Mono<List<Invitation>> findInvitations(String userId) {
        return Mono.from(db.getCollection(ConversationDocuments.USER_CONVERSATIONS).find(eq("_id", userId))
                        .projection(new Document(ConversationDocuments.INVITATIONS, 1)).first())
                .map(doc -> {
                    Document stored = doc.get(ConversationDocuments.INVITATIONS, Document.class);
                    List<Invitation> invitations = new ArrayList<>();
                    if (stored != null) {
                        stored.forEach((conversationId, value) -> {
                            Document invitation = (Document) value;
                            invitations.add(new Invitation(invitation.getString("invitationId"), conversationId, invitation.getString("title"),
                                    invitation.getString("invitedBy"), ConversationQueries.instant(invitation.get("invitedAt"))));
                        });
                    }
                    invitations.sort(Comparator.comparing(Invitation::createdAt).reversed().thenComparing(Invitation::invitationId));
                    return invitations.size() > MAX_INVITATIONS ? invitations.subList(0, MAX_INVITATIONS) : invitations;
                })
                .defaultIfEmpty(List.of())
                .flatMap(this::withCurrentTitles);
    }

    private Mono<List<Invitation>> withCurrentTitles(List<Invitation> invitations) {
        if (invitations.isEmpty()) {
            return Mono.just(invitations);
        }
        return Flux.from(db.getCollection(ConversationDocuments.CONVERSATIONS)
                        .find(in("_id", invitations.stream().map(Invitation::conversationId).toList()))
                        .projection(new Document("title", 1)))
                .collectMap(doc -> doc.getString("_id"), doc -> Optional.ofNullable(doc.getString("title")))
                .map(titles -> invitations.stream().map(invitation -> new Invitation(invitation.invitationId(), invitation.conversationId(),
                        titles.getOrDefault(invitation.conversationId(), Optional.empty()).orElse(invitation.title()),
                        invitation.invitedBy(), invitation.createdAt())).toList());
    }

    /** A group's live invite links, oldest first. */
    public Mono<List<InviteLink>> findInviteLinks(String conversationId) {
        return entries(conversationId, ConversationDocuments.INVITE_LINKS)
                .map(entries -> entries.entrySet().stream()
                        .map(entry -> new InviteLink(entry.getKey(), Boolean.TRUE.equals(entry.getValue().getBoolean("approval")),
                                entry.getValue().getString("createdBy"), ConversationQueries.instant(entry.getValue().get("createdAt"))))
                        .sorted(Comparator.comparing(InviteLink::createdAt).thenComparing(InviteLink::code))
                        .toList());
    }

    /** The requests to join a group waiting for an admin, oldest first. */
    public Mono<List<JoinRequest>> findJoinRequests(String conversationId) {
        return entries(conversationId, ConversationDocuments.JOIN_REQUESTS)
                .map(entries -> entries.entrySet().stream()
                        .map(entry -> new JoinRequest(entry.getKey(), ConversationQueries.instant(entry.getValue().get("requestedAt"))))
                        .sorted(Comparator.comparing(JoinRequest::requestedAt).thenComparing(JoinRequest::userId))
                        .toList());
    }

    /** The group a live link's code leads to; empty for a code that is unknown, revoked, or not a code at all. */
    public Mono<LinkPreview> findLinkPreview(String code) {
        Optional<String> group = ConversationIds.groupOfCode(code);
        if (group.isEmpty()) {
            return Mono.empty();
        }
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", group.get())).first())
                .flatMap(doc -> {
                    Document links = doc.get(ConversationDocuments.INVITE_LINKS, Document.class);
                    Document link = links == null ? null : links.get(code, Document.class);
                    if (link == null) {
                        return Mono.empty();
                    }
                    List<?> participants = doc.get("participants", List.class);
                    return Mono.just(new LinkPreview(group.get(), doc.getString("title"), doc.getString(ConversationDocuments.DESCRIPTION),
                            participants == null ? 0 : participants.size(), Boolean.TRUE.equals(link.getBoolean("approval"))));
                });
    }

    private Mono<Map<String, Document>> entries(String conversationId, String field) {
        return Mono.from(db.getCollection(ConversationDocuments.CONVERSATIONS).find(eq("_id", conversationId))
                        .projection(new Document(field, 1)).first())
                .map(doc -> {
                    Document stored = doc.get(field, Document.class);
                    Map<String, Document> entries = new java.util.LinkedHashMap<>();
                    if (stored != null) {
                        stored.forEach((key, value) -> entries.put(key, (Document) value));
                    }
                    return entries;
                })
                .defaultIfEmpty(Map.of());
    }
}
