package dev.messenger.events.privacy;

/** Who may see something about a user: contacts are people who share a conversation with them. */
public enum Visibility {
    EVERYONE, CONTACTS, NOBODY
}
