package dev.messenger.media;

/** What is known of a stored file: who uploaded it, what it is, its hash, and an image's dimensions. */
public record StoredMedia(String mediaId, String uploaderId, String contentType, long size, String sha256, Integer width,
                          Integer height, int chunkSize) {
}
