package dev.messenger.events.message;

import java.util.List;

/**
 * A file attached to a message: its id in the media store and what it is: width and height for images and videos, a
 * duration for videos and audio, and a waveform (peaks from 0 to 100) for uncompressed audio; each null when not known
 * (and in events recorded before durations were read).
 */
public record MediaRef(String mediaId, String contentType, long size, Integer width, Integer height, Long durationMillis,
                       List<Integer> waveform) {

    public MediaRef {
        waveform = waveform == null ? null : List.copyOf(waveform);
    }

    /** A file of which only the dimensions are known (an image, or none). */
    public MediaRef(String mediaId, String contentType, long size, Integer width, Integer height) {
        this(mediaId, contentType, size, width, height, null, null);
    }

    /** The same file under another id: as the log stores it ({@link SealedBody#sealFileId}), or as it was opened. */
    public MediaRef withMediaId(String newMediaId) {
        return new MediaRef(newMediaId, contentType, size, width, height, durationMillis, waveform);
    }
}
