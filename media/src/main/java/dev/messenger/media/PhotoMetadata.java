package dev.messenger.media;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * What a JPEG photo says besides its pixels. Its EXIF orientation is read with metadata-extractor; everything else it
 * carries about where, when and with what it was taken (EXIF with its GPS position and maker notes, XMP, IPTC) is removed
 * with Apache Commons Imaging, losslessly (the compressed picture is copied as it is), keeping only the orientation, so
 * that it is still shown upright.
 */
final class PhotoMetadata {

    private PhotoMetadata() {
    }

    /** The EXIF orientation (1 to 8; 1, as stored, when there is none or it cannot be read). Reads the header only. */
    static int orientation(InputStream jpeg) {
        try {
            com.drew.metadata.Metadata metadata = JpegMetadataReader.readMetadata(jpeg, List.of(new ExifReader()));
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            return exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION) ? exif.getInt(ExifIFD0Directory.TAG_ORIENTATION) : 1;
        } catch (IOException | JpegProcessingException | MetadataException | RuntimeException unreadable) {
            return 1;
        }
    }

    /** The photo without its metadata but its orientation; the same array when it has none to remove. */
    static byte[] stripped(byte[] jpeg) throws IOException {
        int orientation = orientation(new ByteArrayInputStream(jpeg));
        try {
            byte[] withoutXmp = rewrite(jpeg.length, out -> new JpegXmpRewriter().removeXmpXml(jpeg, out));
            byte[] withoutIptc = rewrite(jpeg.length, out -> new JpegIptcRewriter().removeIptc(withoutXmp, out));
            byte[] result;
            if (orientation == 1) {
                result = rewrite(jpeg.length, out -> new ExifRewriter().removeExifMetadata(withoutIptc, out));
            } else {
                TiffOutputSet onlyOrientation = new TiffOutputSet();
                onlyOrientation.addRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
                result = rewrite(jpeg.length, out -> new ExifRewriter().updateExifMetadataLossless(withoutIptc, out, onlyOrientation));
            }
            return java.util.Arrays.equals(result, jpeg) ? jpeg : result;
        } catch (ImagingException unreadable) {
            throw new IOException("not a JPEG Commons Imaging can rewrite: " + unreadable.getMessage(), unreadable);
        }
    }

    private interface Rewrite {
        void to(ByteArrayOutputStream out) throws IOException, ImagingException;
    }

    private static byte[] rewrite(int size, Rewrite rewrite) throws IOException, ImagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        rewrite.to(out);
        return out.toByteArray();
    }
}
