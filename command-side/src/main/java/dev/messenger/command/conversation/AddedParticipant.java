package dev.messenger.command.conversation;

/** The result of {@link AddParticipant}: added (or already a member), or invited ({@code invitationId}). */
public record AddedParticipant(String invitationId) {

    public boolean invited() {
        return invitationId != null;
    }
}
