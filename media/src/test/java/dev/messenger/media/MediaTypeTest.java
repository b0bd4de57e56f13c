package dev.messenger.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.media.MediaType.Family;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** What an upload is, told from its bytes by Tika, with the declared type only narrowing it. */
class MediaTypeTest {

    @Test
    void imagesAreRecognisedFromTheirBytes() {
        assertThat(detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13), "image/png", Family.IMAGE)).hasValue("image/png");
        assertThat(detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0), "image/jpeg", Family.IMAGE)).hasValue("image/jpeg");
        assertThat(detect(ascii("GIF89a\u0001\u0000\u0001\u0000"), "image/gif", Family.IMAGE)).hasValue("image/gif");
        assertThat(detect(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "), "image/webp", Family.IMAGE)).hasValue("image/webp");
    }

    @Test
    void heicAndAvifAreImagesAndNotVideo() {
        assertThat(detect(isoMedia("heic"), "image/heic", Family.IMAGE)).hasValue("image/heic");
        assertThat(detect(isoMedia("avif"), "image/avif", Family.IMAGE)).hasValue("image/avif");
        assertThat(detect(isoMedia("heic"), "video/mp4", Family.VIDEO)).isEmpty();
        assertThat(detect(isoMedia("isom"), "image/heic", Family.IMAGE)).as("an MP4 declared as a photo").isEmpty();
    }

    @Test
    void aContainerOfSoundOrPicturesIsServedAsTheDeclaredFamily() {
        assertThat(detect(isoMedia("isom"), "video/mp4", Family.VIDEO)).hasValue("video/mp4");
        assertThat(detect(isoMedia("isom"), "audio/mp4", Family.AUDIO)).hasValue("audio/mp4");
        assertThat(detect(isoMedia("M4A "), "audio/x-m4a", Family.AUDIO)).hasValue("audio/mp4");
        assertThat(detect(ascii("OggS\u0000\u0002"), "audio/ogg", Family.AUDIO)).hasValue("audio/ogg");
        assertThat(detect(ascii("OggS\u0000\u0002"), "video/ogg", Family.VIDEO)).hasValue("video/ogg");
        byte[] webm = bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04,
                0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm', 0, 0, 0, 0);
        assertThat(detect(webm, "audio/webm", Family.AUDIO)).as("a voice note recorded by a browser").hasValue("audio/webm");
        assertThat(detect(webm, "video/webm", Family.VIDEO)).hasValue("video/webm");
        assertThat(detect(ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "), "audio/wav", Family.AUDIO)).hasValue("audio/wav");
        assertThat(detect(ascii("ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000"), "audio/mpeg", Family.AUDIO)).hasValue("audio/mpeg");
    }

    @Test
    void documentsAreRecognisedAndAnOfficeContainerIsNarrowedByTheDeclaredType() throws IOException {
        assertThat(detect(ascii("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), "application/pdf", Family.DOCUMENT)).hasValue("application/pdf");
        assertThat(detect(ascii("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), "application/octet-stream", Family.DOCUMENT))
                .as("a browser that does not know the type").hasValue("application/pdf");
        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assertThat(detect(ooxml(), docx, Family.DOCUMENT)).hasValue(docx);
        assertThat(detect(bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0), "application/msword", Family.DOCUMENT))
                .hasValue("application/msword");
    }

    @Test
    void theDeclaredTypeNeverStandsInForBytesThatAreNotRecognised() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        assertThat(detect(noise, "image/png", Family.IMAGE)).isEmpty();
        assertThat(detect(noise, "application/pdf", Family.DOCUMENT)).isEmpty();
        assertThat(detect(ascii("<html>not a picture</html>"), "image/png", Family.IMAGE)).isEmpty();
    }

    @Test
    void scriptsArchivesAndOtherFamiliesAreRefused() throws IOException {
        assertThat(detect(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "image/svg+xml", Family.IMAGE))
                .as("SVG can carry scripts").isEmpty();
        assertThat(detect(ooxml(), "application/zip", Family.DOCUMENT)).as("an archive").isEmpty();
        assertThat(detect(ascii("MZ\u0090\u0000\u0003\u0000\u0000\u0000"), "application/msword", Family.DOCUMENT)).as("a program").isEmpty();
        assertThat(detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13), "audio/mpeg", Family.AUDIO))
                .as("a picture declared as sound").isEmpty();
    }

    @Test
    void familiesComeFromTheDeclaredTypeAndOnlyDocumentsAreDownloads() {
        assertThat(MediaType.familyOf("image/jpeg; charset=x")).hasValue(Family.IMAGE);
        assertThat(MediaType.familyOf("application/pdf")).hasValue(Family.DOCUMENT);
        assertThat(MediaType.familyOf("text/html")).isEmpty();
        assertThat(MediaType.familyOf("image/")).isEmpty();
        assertThat(MediaType.inline("video/mp4")).isTrue();
        assertThat(MediaType.inline("application/pdf")).isFalse();
        assertThat(MediaType.extension("application/pdf")).isEqualTo(".pdf");
    }

    private static Optional<String> detect(byte[] head, String declared, Family family) {
        return MediaType.detect(head, declared, family).map(MediaType::contentType);
    }

    /** An ISO base media file's ftyp box with the given major brand (an image's lists HEIF's mif1 too), then an empty free box. */
    private static byte[] isoMedia(String brand) {
        String compatible = brand.equals("heic") || brand.equals("avif") ? "mif1" : "mp41";
        return ascii("\u0000\u0000\u0000\u0018ftyp" + brand + "\u0000\u0000\u0000\u0000" + brand + compatible + "\u0000\u0000\u0000\u0008free");
    }

    /** A ZIP container whose first entry is an OOXML package's content types, as Office writes it. */
    private static byte[] ooxml() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<?xml version=\"1.0\"?><Types/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
