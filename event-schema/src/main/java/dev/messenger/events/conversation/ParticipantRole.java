package dev.messenger.events.conversation;

/**
 * A member's role in a group. The owner is an admin nobody can demote or remove; admins add and remove members, change
 * the group's name, description and picture, pin messages, and promote or demote others; members talk.
 */
public enum ParticipantRole {
    OWNER, ADMIN, MEMBER;

    public boolean isAdmin() {
        return this != MEMBER;
    }
}
