package dev.messenger.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Upload limits per family ({@code messenger.media.*}) and the size of generated thumbnails. */
@ConfigurationProperties("messenger.media")
public record MediaProperties(DataSize maxImageSize, DataSize maxVideoSize, DataSize maxAudioSize, DataSize maxDocumentSize,
                              int thumbnailSize) {

    public MediaProperties {
        maxImageSize = maxImageSize == null ? DataSize.ofMegabytes(16) : maxImageSize;
        maxVideoSize = maxVideoSize == null ? DataSize.ofMegabytes(100) : maxVideoSize;
        maxAudioSize = maxAudioSize == null ? DataSize.ofMegabytes(16) : maxAudioSize;
        maxDocumentSize = maxDocumentSize == null ? DataSize.ofMegabytes(100) : maxDocumentSize;
        thumbnailSize = thumbnailSize <= 0 ? 320 : thumbnailSize;
    }

    public long limit(MediaType.Family family) {
        return switch (family) {
            case IMAGE -> maxImageSize.toBytes();
            case VIDEO -> maxVideoSize.toBytes();
            case AUDIO -> maxAudioSize.toBytes();
            case DOCUMENT -> maxDocumentSize.toBytes();
        };
    }
}
