package dev.messenger.media;

import java.util.List;

/**
 * What is known of a stored file: who uploaded it, what it is, its hash, an image's or video's dimensions, a video's or
 * audio file's duration, and an audio file's waveform (peaks from 0 to 100), each null when not known.
 */
public record StoredMedia(String mediaId, String uploaderId, String contentType, long size, String sha256, Integer width,
                          Integer height, int chunkSize, Long durationMillis, List<Integer> waveform) {
}
