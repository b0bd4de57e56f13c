package dev.messenger.events.message;

/**
 * The message a reply answers, as the conversation knew it when the reply was accepted: its id, its position and its
 * sender. Facts only, never its text: a reply's event must not keep a copy of a body that its sender may later delete.
 * Readers show the quoted text as it is now (edited, or gone once deleted).
 */
public record QuotedMessage(String messageId, long seq, String senderId) {
}
