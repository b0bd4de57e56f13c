package dev.messenger.events.message;

/**
 * What a message carries, so that readers of the log (analysts, the Kafka topic, which has no
 * bodies) can tell messages apart without their content. Revision 1 of {@link MessageSent} knew
 * only text.
 */
public enum MessageKind {
    TEXT,
    /** A file (image, video, audio), with or without a caption in the body. */
    MEDIA
}
