package dev.messenger.media;

/** Every image decoder is busy and the queue is full: the request may succeed shortly (503 with Retry-After). */
public class ImageWorkSaturated extends RuntimeException {

    public ImageWorkSaturated() {
        super("images are being processed at capacity; try again shortly", null, false, false);
    }
}
