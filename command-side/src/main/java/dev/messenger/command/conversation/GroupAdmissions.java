package dev.messenger.command.conversation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How people come into a group other than by an admin's add: invitations waiting for their answer (an add that the
 * person's privacy setting turned into one), the group's invite links, and the requests to join through a link that
 * needs approval. Part of the {@link Conversation} aggregate's state (and its snapshot), changed only by its events.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class GroupAdmissions {

    record Invitation(String invitationId, String invitedBy) {
    }

    record InviteLink(boolean approval, String requestKey) {
    }

    /** Invited user → their invitation, oldest first. */
    private LinkedHashMap<String, Invitation> invitations = new LinkedHashMap<>();
    /** Code → link, for the links not revoked. */
    private LinkedHashMap<String, InviteLink> links = new LinkedHashMap<>();
    /** User asking to join → the code of the link they asked through, oldest first. */
    private LinkedHashMap<String, String> joinRequests = new LinkedHashMap<>();

    Optional<Invitation> invitationOf(String userId) {
        return Optional.ofNullable(invitations.get(userId));
    }

    int pendingInvitations() {
        return invitations.size();
    }

    Map<String, String> invitationIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        invitations.forEach((user, invitation) -> ids.put(user, invitation.invitationId()));
        return ids;
    }

    Optional<InviteLink> link(String code) {
        return Optional.ofNullable(links.get(code));
    }

    int links() {
        return links.size();
    }

    /** The code of the link an earlier request with this key made (and that is still there). */
    Optional<String> linkMadeBy(String requestKey) {
        return links.entrySet().stream().filter(link -> requestKey.equals(link.getValue().requestKey())).map(Map.Entry::getKey).findFirst();
    }

    boolean hasJoinRequest(String userId) {
        return joinRequests.containsKey(userId);
    }

    int joinRequests() {
        return joinRequests.size();
    }

    void invited(String userId, String invitationId, String invitedBy) {
        invitations.put(userId, new Invitation(invitationId, invitedBy));
    }

    void invitationAnswered(String userId) {
        invitations.remove(userId);
    }

    void linkCreated(String code, boolean approval, String requestKey) {
        links.put(code, new InviteLink(approval, requestKey));
    }

    void linkRevoked(String code) {
        links.remove(code);
    }

    void joinRequested(String userId, String code) {
        joinRequests.put(userId, code);
    }

    void joinRequestAnswered(String userId) {
        joinRequests.remove(userId);
    }

    /** In the group now: whatever invited them or was asked for them is settled. */
    void joined(String userId) {
        invitations.remove(userId);
        joinRequests.remove(userId);
    }
}
