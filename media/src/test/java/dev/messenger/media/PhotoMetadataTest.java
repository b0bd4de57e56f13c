package dev.messenger.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

/** A photo loses where and with what it was taken, keeps how it is turned, and its picture is copied as it is. */
class PhotoMetadataTest {

    @Test
    void theGpsPositionCameraAndXmpGoAndTheOrientationStays() throws Exception {
        byte[] photo = withXmp(withExif(picture(), 6, "Phone X"), "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">where I live</x:xmpmeta>");
        Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo));
        assertThat(before.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation()).as("the fixture has a position").isNotNull();

        byte[] kept = PhotoMetadata.stripped(photo);

        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(kept));
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        ExifIFD0Directory exif = after.getFirstDirectoryOfType(ExifIFD0Directory.class);
        assertThat(exif.getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        assertThat(exif.containsTag(ExifIFD0Directory.TAG_MODEL)).isFalse();
        assertThat(new String(kept, StandardCharsets.ISO_8859_1)).doesNotContain("where I live").doesNotContain("Phone X");
        assertThat(PhotoMetadata.orientation(new ByteArrayInputStream(kept))).isEqualTo(6);
        assertThat(pixels(kept)).as("the picture is copied, not encoded again").isEqualTo(pixels(photo));
    }

    @Test
    void aPhotoWithoutOrientationKeepsNoExifAtAll() throws Exception {
        byte[] kept = PhotoMetadata.stripped(withExif(picture(), 1, "Phone X"));

        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(kept));
        assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
    }

    @Test
    void aPhotoWithNothingToRemoveIsKeptAsItIs() throws Exception {
        byte[] plain = picture();
        assertThat(PhotoMetadata.stripped(plain)).isSameAs(plain);
    }

    private static byte[] picture() throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                image.setRGB(x, y, new Color(x * 4, y * 5, 128).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** The photo with EXIF as a phone writes it: orientation, camera model and a GPS position. */
    private static byte[] withExif(byte[] jpeg, int orientation, String model) throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.addRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, model);
        exif.setGpsInDegrees(2.2945, 48.8584);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        return out.toByteArray();
    }

    private static byte[] withXmp(byte[] jpeg, String xmp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(jpeg, out, xmp);
        return out.toByteArray();
    }

    private static int[] pixels(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
