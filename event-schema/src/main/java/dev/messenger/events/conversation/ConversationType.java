package dev.messenger.events.conversation;

public enum ConversationType {
    DIRECT, GROUP
}
