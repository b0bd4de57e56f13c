package dev.messenger.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * A kind of file the messenger accepts: the {@code Content-Type} it is stored and served with, and its family, which
 * picks the size limit (and whether it is shown inline or downloaded). What a file is comes from its bytes, by Apache
 * Tika's magic; the declared {@code Content-Type} picks the family and may only narrow what the bytes say (an OOXML
 * container declared as a Word document, an Ogg stream declared as audio), never replace it.
 */
public record MediaType(String contentType, Family family) {

    public enum Family { IMAGE, VIDEO, AUDIO, DOCUMENT }

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

    /** As many leading bytes as Tika's magic looks at (64 KiB): what an upload holds before its type is known. */
    public static final int SNIFF_LENGTH = TIKA.getMinLength();

    /**
     * What Tika may find, per declared family, and the type it is served as. A container that carries either sound or
     * pictures (Ogg, WebM, ISO media) is served as the declared family's. SVG (it can hold scripts), HTML, archives and
     * executables are never accepted, whatever their name or declared type.
     */
    private static final Map<Family, Map<String, String>> ACCEPTED = Map.of(
            Family.IMAGE, Map.of("image/png", "image/png", "image/jpeg", "image/jpeg", "image/gif", "image/gif",
                    "image/webp", "image/webp", "image/heic", "image/heic", "image/heif", "image/heif", "image/avif", "image/avif"),
            Family.VIDEO, Map.of("video/mp4", "video/mp4", "video/quicktime", "video/quicktime", "video/webm", "video/webm",
                    "application/ogg", "video/ogg", "video/ogg", "video/ogg", "video/theora", "video/ogg"),
            Family.AUDIO, Map.of("audio/mpeg", "audio/mpeg", "audio/vnd.wave", "audio/wav", "audio/mp4", "audio/mp4",
                    "video/quicktime", "audio/mp4", "application/ogg", "audio/ogg", "audio/ogg", "audio/ogg", "audio/vorbis", "audio/ogg",
                    "audio/opus", "audio/ogg", "application/x-matroska", "audio/webm", "video/webm", "audio/webm"),
            Family.DOCUMENT, Map.of("application/pdf", "application/pdf",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text",
                    "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet",
                    "application/vnd.oasis.opendocument.presentation", "application/vnd.oasis.opendocument.presentation",
                    "application/msword", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-excel",
                    "application/vnd.ms-powerpoint", "application/vnd.ms-powerpoint"));

    /** What each family takes, for a refusal's message. */
    public static String accepted(Family family) {
        return switch (family) {
            case IMAGE -> "PNG, JPEG, GIF, WebP, HEIC/HEIF, AVIF";
            case VIDEO -> "MP4, QuickTime, WebM, Ogg";
            case AUDIO -> "MP3, WAV, M4A, Ogg (Vorbis, Opus), WebM";
            case DOCUMENT -> "PDF, Word, Excel and PowerPoint (OOXML and 97-2003), OpenDocument text, spreadsheet and presentation";
        };
    }

    /** Shown by a browser (images, video, audio), or only ever downloaded (documents). */
    public static boolean inline(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("image/") || type.startsWith("video/") || type.startsWith("audio/");
    }

    /** The usual file name extension of a stored type ("" when Tika knows none), for a download's file name. */
    public static String extension(String contentType) {
        try {
            return TIKA.forName(contentType).getExtension();
        } catch (MimeTypeException e) {
            return "";
        }
    }

    /** The family of a declared Content-Type: image/*, video/*, audio/*, or application/* for documents. */
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
            case "application" -> Optional.of(Family.DOCUMENT);
            default -> Optional.empty();
        };
    }

    /**
     * What the leading bytes are, as a type of the declared family, or empty when they are nothing that family accepts.
     * Tika alone would answer the declared type for bytes it has no magic for; here the bytes must be recognised first.
     */
    public static Optional<MediaType> detect(byte[] head, String declaredContentType, Family declared) {
        try {
            org.apache.tika.mime.MediaType fromBytes = TIKA.detect(new ByteArrayInputStream(head), new Metadata());
            if (fromBytes.equals(org.apache.tika.mime.MediaType.OCTET_STREAM)) {
                return Optional.empty();
            }
            Metadata hint = new Metadata();
            if (declaredContentType != null) {
                hint.set(Metadata.CONTENT_TYPE, declaredContentType);
            }
            // Tika takes the hint only where it narrows the type the magic found (a subtype of it); here also only within
            // its top-level type, or from a generic container (application/ogg, a ZIP, an OLE2 file): Tika files HEIF under
            // QuickTime, and an MP4 declared as a photo is not one
            org.apache.tika.mime.MediaType narrowed = TIKA.detect(new ByteArrayInputStream(head), hint);
            if (!narrowed.getType().equals(fromBytes.getType()) && !fromBytes.getType().equals("application")) {
                narrowed = fromBytes;
            }
            return Optional.ofNullable(ACCEPTED.get(declared).get(narrowed.getBaseType().toString()))
                    .map(served -> new MediaType(served, declared));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array is never unreadable
        }
    }
}
