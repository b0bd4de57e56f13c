package dev.messenger.media;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Media files in MongoDB GridFS (bucket {@code media}). Uploads stream through: each network buffer is
 * checked (type from the leading bytes, {@link MediaType}; size against the family's limit), hashed and handed to GridFS,
 * which writes a chunk as soon as it has one, so memory does not grow with the file. A refused or
 * broken upload leaves nothing behind. A JPEG photo is kept without its metadata but its orientation ({@link PhotoMetadata}).
 * The same bytes from the same uploader are stored once
 * ({@code media_hashes}, keyed by uploader and SHA-256). Reads fetch chunk by chunk with exact-key
 * lookups, from the chunk a range starts in.
 */
@Component
public class MediaStore {

    static final String FILES = "media.files";
    static final String CHUNKS = "media.chunks";
    static final String HASHES = "media_hashes";
    private static final int CHUNK_SIZE = 255 * 1024;
    private static final String THUMBNAIL_PREFIX = "th-";

    private final MongoDatabase db;
    private final GridFSBucket bucket;
    private final MediaProperties properties;

    private final Mono<Void> indexes;

    public MediaStore(MongoDatabase messengerDatabase, MediaProperties properties) {
        this.db = messengerDatabase;
        this.bucket = GridFSBuckets.create(messengerDatabase, "media");
        this.properties = properties;
        // GridFS's own chunk index, made sure of: the driver creates it only on the first upload into an empty bucket,
        // and every read here is a lookup by (files_id, n)
        this.indexes = chunkIndex()
                .onErrorResume(MediaStore::indexConflict, e -> Mono.from(db.getCollection(CHUNKS).dropIndex("files_id_1_n_1"))
                        .then(chunkIndex())) // one made without uniqueness (the stand-in records the driver's so): made again
                .then()
                .cache(ok -> java.time.Duration.ofDays(3650), error -> java.time.Duration.ZERO, () -> java.time.Duration.ofDays(3650));
    }

    /** A stored upload; {@code created} is false when the uploader had already stored the same bytes. */
    public record Upload(StoredMedia media, boolean created) {
    }

    /** Stores an upload; {@code contentLength} is -1 when the client did not say. */
    public Mono<Upload> store(String uploaderId, String declaredType, long contentLength, Flux<DataBuffer> body) {
        MediaType.Family family = MediaType.familyOf(declaredType).orElse(null);
        if (family == null) {
            return Mono.error(unsupported("the Content-Type must be an image/*, video/*, audio/* or application/* (a document) type"));
        }
        long limit = properties.limit(family);
        if (contentLength > limit) {
            return Mono.error(tooLarge(family, limit));
        }
        String id = "md-" + UUID.randomUUID();
        Incoming incoming = new Incoming(declaredType, family, limit);
        // a refused upload ends its stream early rather than failing it, so GridFS finishes every chunk write it
        // started before the file is discarded (a failed stream could leave a write in flight behind the clean-up)
        Flux<ByteBuffer> source = body.<ByteBuffer>handle((buffer, sink) -> {
            ByteBuffer accepted = incoming.accept(buffer);
            if (accepted != null) {
                sink.next(accepted);
            } else {
                sink.complete();
            }
        }).concatWith(Mono.fromRunnable(incoming::finish));
        GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(CHUNK_SIZE)
                .metadata(new Document("uploaderId", uploaderId).append("complete", false));
        return indexes.then(Mono.from(bucket.uploadFromPublisher(new BsonString(id), id, source, options)))
                .onErrorResume(e -> discard(id).then(Mono.error(e)))
                .then(Mono.defer(() -> {
                    if (incoming.refusal != null) {
                        return discard(id).then(Mono.error(incoming.refusal));
                    }
                    String sha256 = HexFormat.of().formatHex(incoming.digest.digest());
                    return "image/jpeg".equals(incoming.type.contentType()) ? registerWithoutMetadata(uploaderId, id, incoming, sha256)
                            : register(uploaderId, id, incoming.type, sha256, sha256);
                }));
    }

    /** An uploaded file (never a thumbnail: those are reached through their image). */
    public Mono<StoredMedia> find(String mediaId) {
        return mediaId.startsWith(THUMBNAIL_PREFIX) ? Mono.empty() : findStored(mediaId);
    }

    private Mono<StoredMedia> findStored(String mediaId) {
        return Mono.from(db.getCollection(FILES).find(eq("_id", mediaId)).first())
                .filter(file -> file.get("metadata", Document.class).getBoolean("complete", false))
                .map(MediaStore::media);
    }

    private Mono<String> chunkIndex() {
        return Mono.from(db.getCollection(CHUNKS).createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true)));
    }

    private static boolean indexConflict(Throwable e) {
        return e instanceof com.mongodb.MongoCommandException command && (command.getErrorCode() == 85 || command.getErrorCode() == 86);
    }

    /** Records an image's width and height. */
    public Mono<StoredMedia> setDimensions(StoredMedia media, int width, int height) {
        return Mono.from(db.getCollection(FILES).updateOne(eq("_id", media.mediaId()),
                        Updates.combine(Updates.set("metadata.width", width), Updates.set("metadata.height", height))))
                .then(find(media.mediaId()));
    }

    /** Records what a video or audio file was found to hold: its duration, a video's dimensions, an audio file's waveform. */
    public Mono<StoredMedia> setPlayback(StoredMedia media, MediaPlayback.Playback playback) {
        java.util.List<org.bson.conversions.Bson> updates = new java.util.ArrayList<>();
        if (playback.durationMillis() != null) {
            updates.add(Updates.set("metadata.durationMillis", playback.durationMillis()));
        }
        if (playback.width() != null && playback.height() != null) {
            updates.add(Updates.set("metadata.width", playback.width()));
            updates.add(Updates.set("metadata.height", playback.height()));
        }
        if (playback.waveform() != null) {
            updates.add(Updates.set("metadata.waveform", playback.waveform()));
        }
        return updates.isEmpty() ? Mono.just(media)
                : Mono.from(db.getCollection(FILES).updateOne(eq("_id", media.mediaId()), Updates.combine(updates))).then(find(media.mediaId()));
    }

    /** The stored thumbnail of an image (or a video's poster frame), if one was made: the one its file names. */
    public Mono<StoredMedia> findThumbnail(String mediaId) {
        return Mono.from(db.getCollection(FILES).find(eq("_id", mediaId)).first())
                .mapNotNull(file -> file.get("metadata", Document.class).getString("thumbnailId"))
                .flatMap(this::findStored);
    }

    /**
     * Stores a thumbnail once and returns the stored one. Each request writes its own file and then claims the
     * image's single thumbnail slot; one that loses to a concurrent request drops its own file and serves the
     * winner's. (Writing all of them under one id would not do: the GridFS driver cleans up a failed upload by
     * deleting every chunk of that id, the winner's included.)
     */
    public Mono<StoredMedia> storeThumbnail(StoredMedia original, String contentType, byte[] bytes, int width, int height) {
        String id = THUMBNAIL_PREFIX + original.mediaId() + "-" + java.util.UUID.randomUUID();
        String sha256 = sha256(bytes);
        GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(CHUNK_SIZE).metadata(new Document("uploaderId",
                original.uploaderId()).append("contentType", contentType).append("sha256", sha256).append("width", width)
                .append("height", height).append("thumbnailOf", original.mediaId()).append("complete", true));
        return Mono.from(bucket.uploadFromPublisher(new BsonString(id), id, Flux.just(ByteBuffer.wrap(bytes)), options))
                .then(Mono.from(db.getCollection(FILES).updateOne(
                        com.mongodb.client.model.Filters.and(eq("_id", original.mediaId()),
                                com.mongodb.client.model.Filters.exists("metadata.thumbnailId", false)),
                        Updates.set("metadata.thumbnailId", id))))
                .flatMap(claimed -> claimed.getModifiedCount() == 1 ? findStored(id)
                        : discard(id).then(findThumbnail(original.mediaId())));
    }

    /** The bytes {@code start} to {@code end} (inclusive), one chunk in memory at a time. */
    public Flux<DataBuffer> read(StoredMedia media, long start, long end, DataBufferFactory buffers) {
        int first = (int) (start / media.chunkSize());
        int last = (int) (end / media.chunkSize());
        return indexes.thenMany(Flux.range(first, last - first + 1))
                .concatMap(n -> chunk(media.mediaId(), n)
                        .map(data -> {
                            long offset = (long) n * media.chunkSize();
                            int from = n == first ? (int) (start - offset) : 0;
                            int to = n == last ? (int) (end - offset) + 1 : data.length;
                            return buffers.wrap(ByteBuffer.wrap(data, from, to - from));
                        }), 1);
    }

    /**
     * The {@code n}-th chunk of a file, by an exact-key lookup. A plain document, not Filters.and (which renders as $and):
     * the MongoDB stand-in serves only a filter whose fields are exactly those of a unique index ({files_id, n}) from that
     * index, anything else by a scan.
     */
    Mono<byte[]> chunk(String mediaId, int n) {
        return Mono.from(db.getCollection(CHUNKS).find(new Document("files_id", mediaId).append("n", n)).first())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("chunk " + n + " of " + mediaId + " missing")))
                .map(chunk -> chunk.get("data", Binary.class).getData());
    }

    /**
     * Makes a stored upload readable, and the uploader's later uploads of the same bytes (hash {@code uploadedSha256})
     * answer with it; {@code storedSha256} is the hash of what is kept (the ETag), which differs when metadata was removed.
     */
    private Mono<Upload> register(String uploaderId, String id, MediaType type, String uploadedSha256, String storedSha256) {
        String key = uploaderId + ":" + uploadedSha256;
        return Mono.from(db.getCollection(FILES).updateOne(eq("_id", id), Updates.combine(
                        Updates.set("metadata.contentType", type.contentType()),
                        Updates.set("metadata.sha256", storedSha256),
                        Updates.set("metadata.complete", true))))
                .then(Mono.from(db.getCollection(HASHES).insertOne(new Document("_id", key).append("mediaId", id))))
                .then(find(id))
                .map(media -> new Upload(media, true))
                .onErrorResume(MediaStore::duplicateKey, e -> discard(id)
                        .then(Mono.from(db.getCollection(HASHES).find(eq("_id", key)).first()))
                        .flatMap(existing -> find(existing.getString("mediaId")))
                        .map(media -> new Upload(media, false)));
    }

    /**
     * A photo is kept without what it says about where and with what it was taken ({@link PhotoMetadata}): the upload is
     * read back (at most the image limit, 16 MB by default), rewritten under a new id, and dropped. A JPEG that Commons
     * Imaging cannot rewrite is refused rather than kept with its metadata.
     */
    private Mono<Upload> registerWithoutMetadata(String uploaderId, String uploadedId, Incoming incoming, String uploadedSha256) {
        return readWhole(uploadedId, incoming.size)
                .publishOn(Schedulers.boundedElastic()) // rewriting is CPU and memory work: never on an event loop
                .map(bytes -> {
                    try {
                        return PhotoMetadata.stripped(bytes);
                    } catch (java.io.IOException unreadable) {
                        throw unsupported("the JPEG could not be read to remove its metadata");
                    }
                })
                .flatMap(clean -> {
                    String cleanSha256 = sha256(clean);
                    if (cleanSha256.equals(uploadedSha256)) {
                        return register(uploaderId, uploadedId, incoming.type, uploadedSha256, uploadedSha256);
                    }
                    String cleanId = "md-" + UUID.randomUUID();
                    GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(CHUNK_SIZE)
                            .metadata(new Document("uploaderId", uploaderId).append("complete", false));
                    return Mono.from(bucket.uploadFromPublisher(new BsonString(cleanId), cleanId, Flux.just(ByteBuffer.wrap(clean)), options))
                            .then(discard(uploadedId))
                            .then(register(uploaderId, cleanId, incoming.type, uploadedSha256, cleanSha256))
                            .onErrorResume(e -> discard(cleanId).then(Mono.error(e)));
                })
                // whatever failed, neither the upload nor a half-written copy is left behind
                .onErrorResume(e -> discard(uploadedId).then(Mono.error(e)));
    }

    /** A stored upload's bytes, read chunk by chunk with exact-key lookups. */
    private Mono<byte[]> readWhole(String id, long size) {
        int chunks = (int) ((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
        return Flux.range(0, chunks)
                .concatMap(n -> chunk(id, n), 1)
                .collect(() -> new java.io.ByteArrayOutputStream((int) size), (out, data) -> out.write(data, 0, data.length))
                .map(java.io.ByteArrayOutputStream::toByteArray);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes whatever an unfinished upload wrote. */
    /** Deletes one file, its thumbnails and what made later uploads of the same bytes answer with it; true when it existed. */
    public Mono<Boolean> delete(String mediaId) {
        return Flux.from(db.getCollection(FILES).find(eq("metadata.thumbnailOf", mediaId)).projection(new Document("_id", 1)))
                .concatMap(thumbnail -> discard(thumbnail.getString("_id")))
                .then(Mono.from(db.getCollection(FILES).countDocuments(eq("_id", mediaId))))
                .flatMap(found -> discard(mediaId)
                        .then(Mono.from(db.getCollection(HASHES).deleteMany(eq("mediaId", mediaId))))
                        .thenReturn(found > 0));
    }

    /** Every file the user uploaded and that is complete, thumbnails left out (a personal export holds the originals). */
    public Flux<StoredMedia> uploadsOf(String uploaderId) {
        return Flux.from(db.getCollection(FILES).find(eq("metadata.uploaderId", uploaderId)))
                .filter(file -> !file.getString("_id").startsWith(THUMBNAIL_PREFIX)
                        && file.get("metadata", Document.class).getBoolean("complete", false))
                .map(MediaStore::media);
    }

    /**
     * Deletes every file the user uploaded (their account is deleted), thumbnails included (they carry their image's
     * uploader), and what made later uploads of the same bytes answer with them. Gives how many files went.
     */
    public Mono<Long> deleteUploadsOf(String uploaderId) {
        return Flux.from(db.getCollection(FILES).find(eq("metadata.uploaderId", uploaderId)).projection(new Document("_id", 1)))
                .map(file -> file.getString("_id"))
                .concatMap(id -> discard(id).then(Mono.from(db.getCollection(HASHES).deleteMany(eq("mediaId", id)))).thenReturn(id))
                .count();
    }

    private Mono<Void> discard(String id) {
        return Mono.from(db.getCollection(CHUNKS).deleteMany(eq("files_id", id)))
                .then(Mono.from(db.getCollection(FILES).deleteOne(eq("_id", id))))
                .then();
    }

    private static StoredMedia media(Document file) {
        Document metadata = file.get("metadata", Document.class);
        return new StoredMedia(file.getString("_id"), metadata.getString("uploaderId"), metadata.getString("contentType"),
                file.get("length", Number.class).longValue(), metadata.getString("sha256"), metadata.getInteger("width"),
                metadata.getInteger("height"), file.get("chunkSize", Number.class).intValue(),
                metadata.get("durationMillis") == null ? null : metadata.get("durationMillis", Number.class).longValue(),
                metadata.getList("waveform", Integer.class));
    }

    private static boolean duplicateKey(Throwable e) {
        return e instanceof MongoWriteException write && ErrorCategory.fromErrorCode(write.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    static MediaRefused unsupported(String detail) {
        return new MediaRefused(MediaRefused.Reason.UNSUPPORTED_TYPE, detail);
    }

    static MediaRefused tooLarge(MediaType.Family family, long limit) {
        return new MediaRefused(MediaRefused.Reason.TOO_LARGE,
                family.name().toLowerCase(java.util.Locale.ROOT) + " uploads are limited to " + limit + " bytes");
    }

    /** An upload as it streams in: its size so far, its hash, and its type once the leading bytes are in. */
    private static final class Incoming {
        private final String declaredType;
        private final MediaType.Family family;
        private final long limit;
        private final MessageDigest digest;
        private byte[] head = new byte[0];
        private long size;
        private MediaType type;
        private MediaRefused refusal;

        Incoming(String declaredType, MediaType.Family family, long limit) {
            this.declaredType = declaredType;
            this.family = family;
            this.limit = limit;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The buffer's bytes to store, or null when the upload is refused (see {@link #refusal}). */
        ByteBuffer accept(DataBuffer buffer) {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            if (refusal != null) {
                return null;
            }
            size += bytes.length;
            if (size > limit) {
                refusal = tooLarge(family, limit);
                return null;
            }
            if (type == null) {
                int take = Math.min(bytes.length, MediaType.SNIFF_LENGTH - head.length);
                head = Arrays.copyOf(head, head.length + take);
                System.arraycopy(bytes, 0, head, head.length - take, take);
                if (head.length == MediaType.SNIFF_LENGTH && !detect()) {
                    return null;
                }
            }
            digest.update(bytes);
            return ByteBuffer.wrap(bytes);
        }

        void finish() {
            if (refusal == null && size == 0) {
                refusal = new MediaRefused(MediaRefused.Reason.EMPTY, "the upload is empty");
            } else if (refusal == null && type == null) {
                detect();
            }
        }

        private boolean detect() {
            type = MediaType.detect(head, declaredType, family).orElse(null);
            if (type == null) {
                refusal = unsupported("the content is not a supported " + family.name().toLowerCase(java.util.Locale.ROOT)
                        + " (recognised from its bytes: " + MediaType.accepted(family) + ")");
            }
            return type != null;
        }
    }
}
