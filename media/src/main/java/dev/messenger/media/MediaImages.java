package dev.messenger.media;

import com.twelvemonkeys.image.ImageUtil;
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
 * Dimensions and thumbnails of stored images, with ImageIO: the JDK's codecs (PNG, GIF) and TwelveMonkeys' plugins (JPEG
 * in CMYK and YCCK too, which the JDK's reader refuses, and WebP); HEIC, HEIF and AVIF get neither, as no Java decoder
 * of them is maintained. A JPEG's EXIF orientation ({@link PhotoMetadata}) is applied: dimensions and thumbnails
 * are as the photo is shown. The file is read from GridFS as a stream. Decoding blocks and costs memory, so it runs on a
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
        // ImageIO finds plugins once, with the class loader of the thread that first uses it: in the packaged gateway a
        // request thread's could miss TwelveMonkeys' readers inside the jar, so they are registered here, at start
        ImageIO.scanForPlugins();
    }

    public record Dimensions(int width, int height) {
    }

    /** Width and height as shown (a photo turned by its EXIF orientation is turned), from the header, without decoding pixels. */
    public Mono<Optional<Dimensions>> dimensions(StoredMedia image) {
        // the header only: cheap, and never held back behind decodes
        return Mono.fromCallable(() -> {
            boolean turned = orientation(image) >= 5; // 5 to 8 turn the picture by a quarter
            return read(image, reader -> turned ? new Dimensions(reader.getHeight(0), reader.getWidth(0))
                    : new Dimensions(reader.getWidth(0), reader.getHeight(0)));
        }).subscribeOn(Schedulers.boundedElastic());
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
            return original == null ? Optional.<Thumbnail>empty() : thumbnailOf(original, orientation(image));
        });
    }

    /**
     * A picture made smaller (longest side {@code thumbnail-size}) and turned as EXIF {@code orientation} says, as JPEG, or PNG
     * when it has transparency; empty when no writer took it.
     */
    Optional<Thumbnail> thumbnailOf(BufferedImage original, int orientation) throws IOException {
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
        BufferedImage shown = oriented(small, orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(shown, alpha ? "png" : "jpeg", out) || out.size() == 0) {
            return Optional.empty(); // no writer took it: no thumbnail rather than an empty one
        }
        return Optional.of(new Thumbnail(alpha ? "image/png" : "image/jpeg", out.toByteArray(), shown.getWidth(), shown.getHeight()));
    }

    public record Thumbnail(String contentType, byte[] bytes, int width, int height) {
    }

    /** A JPEG's EXIF orientation (1 to 8; 1, as stored, when it has none or it cannot be read). */
    private int orientation(StoredMedia image) {
        if (!"image/jpeg".equals(image.contentType())) {
            return 1;
        }
        // the reader stops at the start of the compressed picture: only the header segments are read
        try (InputStream in = stream(image)) {
            return PhotoMetadata.orientation(in);
        } catch (IOException unreadable) {
            return 1;
        }
    }

    /**
     * The picture turned and mirrored as EXIF orientation {@code orientation} says it is to be shown, in the picture's own
     * pixel type (TwelveMonkeys' turned copies are ARGB, which the JPEG writer refuses).
     */
    static BufferedImage oriented(BufferedImage image, int orientation) {
        BufferedImage turned = turned(image, orientation);
        if (turned == image || turned.getType() == image.getType()) {
            return turned;
        }
        BufferedImage same = new BufferedImage(turned.getWidth(), turned.getHeight(), image.getType());
        Graphics2D graphics = same.createGraphics();
        try {
            graphics.drawImage(turned, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return same;
    }

    private static BufferedImage turned(BufferedImage image, int orientation) {
        return switch (orientation) {
            case 2 -> ImageUtil.createFlipped(image, ImageUtil.FLIP_HORIZONTAL);
            case 3 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_180);
            case 4 -> ImageUtil.createFlipped(image, ImageUtil.FLIP_VERTICAL);
            case 5 -> ImageUtil.createFlipped(ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CW), ImageUtil.FLIP_HORIZONTAL);
            case 6 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CW);
            case 7 -> ImageUtil.createFlipped(ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CCW), ImageUtil.FLIP_HORIZONTAL);
            case 8 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CCW);
            default -> image;
        };
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

    /** Decoding work (pictures, and sound or video for {@link MediaPlayback}) on this node's few decoder threads. */
    <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(decoders)
                .onErrorMap(java.util.concurrent.RejectedExecutionException.class, busy -> new ImageWorkSaturated());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        decoders.dispose();
    }
}
