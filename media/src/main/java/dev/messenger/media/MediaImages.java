package dev.messenger.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dimensions and thumbnails of stored images, with the JDK's image codecs (PNG, JPEG, GIF, BMP; a
 * WebP gets neither), reading the file from GridFS as a stream. Decoding blocks and costs memory, so it runs on a
 * scheduler of its own with {@code DECODERS} threads and a bounded queue (beyond it: 503 with Retry-After), and an
 * image is decoded subsampled, every n-th pixel, to about twice the thumbnail's size: what one decode holds in memory
 * no longer grows with the image (a 50-megapixel PNG decoded whole is 200 MB).
 */
@Component
public class MediaImages {

    /** Larger images are not decoded for a thumbnail (a 16 MB PNG could otherwise need gigabytes of pixels). */
    static final long MAX_PIXELS = 50_000_000L;

    /** Decodes at once per node, and decodes waiting for them. */
    static final int DECODERS = 2;
    static final int WAITING = 64;

    private final MediaStore store;
    private final int thumbnailSize;
    private final reactor.core.scheduler.Scheduler decoders = Schedulers.newBoundedElastic(DECODERS, WAITING, "image-decode", 60, true);

    public MediaImages(MediaStore store, MediaProperties properties) {
        this.store = store;
        this.thumbnailSize = properties.thumbnailSize();
    }

    public record Dimensions(int width, int height) {
    }

    /** Width and height from the image's header, without decoding its pixels. */
    public Mono<Optional<Dimensions>> dimensions(StoredMedia image) {
        // the header only: cheap, and never held back behind decodes
        return Mono.fromCallable(() -> read(image, reader -> new Dimensions(reader.getWidth(0), reader.getHeight(0))))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A smaller copy (longest side {@code thumbnail-size}), as JPEG, or PNG when the image has transparency. */
    public Mono<Optional<Thumbnail>> thumbnail(StoredMedia image) {
        if (image.width() == null || (long) image.width() * image.height() > MAX_PIXELS) {
            return Mono.just(Optional.empty());
        }
        int subsampling = Math.max(1, Math.max(image.width(), image.height()) / (2 * thumbnailSize));
        return blocking(() -> {
            BufferedImage original = read(image, reader -> {
                javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                return reader.read(0, param);
            }).orElse(null);
            if (original == null) {
                return Optional.empty();
            }
            double scale = Math.min(1.0, (double) thumbnailSize / Math.max(original.getWidth(), original.getHeight()));
            int width = Math.max(1, (int) Math.round(original.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(original.getHeight() * scale));
            boolean alpha = original.getColorModel().hasAlpha();
            BufferedImage small = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = small.createGraphics();
            try {
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                graphics.drawImage(original, 0, 0, width, height, null);
            } finally {
                graphics.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, alpha ? "png" : "jpeg", out);
            return Optional.of(new Thumbnail(alpha ? "image/png" : "image/jpeg", out.toByteArray(), width, height));
        });
    }

    public record Thumbnail(String contentType, byte[] bytes, int width, int height) {
    }

    /** What an image reader positioned on the stored image finds; empty when no reader knows it or it is unreadable. */
    private <T> Optional<T> read(StoredMedia image, ImageWork<T> work) {
        try (InputStream in = stream(image); ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(images);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                return Optional.ofNullable(work.apply(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private interface ImageWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private InputStream stream(StoredMedia image) {
        return DataBufferUtils.subscriberInputStream(store.read(image, 0, image.size() - 1, DefaultDataBufferFactory.sharedInstance), 2);
    }

    private <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(decoders)
                .onErrorMap(java.util.concurrent.RejectedExecutionException.class, busy -> new ImageWorkSaturated());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        decoders.dispose();
    }
}
