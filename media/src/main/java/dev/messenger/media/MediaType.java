package dev.messenger.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The media the messenger accepts, recognised by their leading bytes. A declared {@code Content-Type}
 * only chooses the family (and so the size limit); what is stored is what the bytes say, and bytes
 * of another family (or of none we know) are refused.
 */
public enum MediaType {
    PNG("image/png"), JPEG("image/jpeg"), GIF("image/gif"), WEBP("image/webp"),
    MP4("video/mp4"), QUICKTIME("video/quicktime"), WEBM("video/webm"),
    OGG("audio/ogg"), MPEG_AUDIO("audio/mpeg"), WAV("audio/wav"), M4A("audio/mp4");

    /** Enough leading bytes to tell every type apart. */
    public static final int SNIFF_LENGTH = 12;

    public enum Family { IMAGE, VIDEO, AUDIO }

    private final String contentType;

    MediaType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public Family family() {
        return Family.valueOf(contentType.substring(0, contentType.indexOf('/')).toUpperCase(Locale.ROOT));
    }

    /** The family of a declared Content-Type (image/*, video/*, audio/*), if it is one. */
    public static Optional<Family> familyOf(String declaredContentType) {
        if (declaredContentType == null) {
            return Optional.empty();
        }
        String type = declaredContentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1) {
            return Optional.empty();
        }
        return switch (type.substring(0, slash)) {
            case "image" -> Optional.of(Family.IMAGE);
            case "video" -> Optional.of(Family.VIDEO);
            case "audio" -> Optional.of(Family.AUDIO);
            default -> Optional.empty();
        };
    }

    /**
     * What the leading bytes are, in the declared family (Ogg and Matroska containers carry audio or
     * video alike, so the family decides), or empty when they are nothing we accept.
     */
    public static Optional<MediaType> detect(byte[] head, Family declared) {
        if (starts(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (starts(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (ascii(head, 4, "ftyp")) {
            if (ascii(head, 8, "M4A ")) {
                return Optional.of(M4A);
            }
            if (ascii(head, 8, "qt  ")) {
                return Optional.of(QUICKTIME);
            }
            return Optional.of(declared == Family.AUDIO ? M4A : MP4);
        }
        if (starts(head, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return declared == Family.AUDIO ? Optional.empty() : Optional.of(WEBM);
        }
        if (ascii(head, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (ascii(head, 0, "ID3") || (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
            return Optional.of(MPEG_AUDIO);
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int offset, String expected) {
        byte[] bytes = expected.getBytes(StandardCharsets.US_ASCII);
        return head.length >= offset + bytes.length && Arrays.equals(head, offset, offset + bytes.length, bytes, 0, bytes.length);
    }
}
