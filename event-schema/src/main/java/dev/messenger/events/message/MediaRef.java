package dev.messenger.events.message;

/** A file attached to a message: its id in the media store and what it is (width and height for images). */
public record MediaRef(String mediaId, String contentType, long size, Integer width, Integer height) {

    /** The same file under another id: as the log stores it ({@link SealedBody#sealFileId}), or as it was opened. */
    public MediaRef withMediaId(String newMediaId) {
        return new MediaRef(newMediaId, contentType, size, width, height);
    }
}
