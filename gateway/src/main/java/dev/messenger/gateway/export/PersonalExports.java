package dev.messenger.gateway.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import dev.messenger.gateway.account.Account;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.gateway.session.Sessions;
import dev.messenger.media.MediaStore;
import dev.messenger.media.StoredMedia;
import dev.messenger.realtime.presence.EphemeralEvents;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Personal exports (GDPR articles 15 and 20): requested by the user or an operator, built from the event log by
 * whichever node claims the request (a lease in its row: a node that dies mid-way leaves it to another), kept as a zip
 * in GridFS (bucket {@code exports}) for {@link #KEPT}, then deleted with its row's download.
 *
 * <p>The zip: {@code events.ndjson}, the log's events the user was allowed to see and what they did
 * ({@link VisibleEvents}), in log order, each with its position, event id and time as provenance, bodies opened (a
 * deleted message's is {@code null}, as everywhere); {@code account.json}; {@code sessions.json}; {@code files.json}
 * and {@code files/}: the files the user uploaded; {@code manifest.json} last, naming each entry with its SHA-256.
 * Progress reaches the user's streams as {@code export.progress} (ephemeral, like typing).
 */
@Component
public class PersonalExports extends dev.messenger.gateway.jobs.PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(PersonalExports.class);
    /** How long a finished export can be downloaded. */
    public static final Duration KEPT = Duration.ofDays(1);
    /** Exports one account may request within a day (each reads the whole log). */
    public static final int PER_DAY = 3;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final EventStorageEngine eventLog;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final AccountRepository accounts;
    private final Sessions sessions;
    private final MediaStore media;
    private final EphemeralEvents ephemeral;
    private final ObjectMapper json;
    private final GridFSBucket bucket;

    public PersonalExports(JdbcTemplate jdbc, EventStorageEngine eventStorageEngine, AccountRepository accounts, Sessions sessions,
                           MediaStore media, EphemeralEvents ephemeral, ObjectMapper json, MongoClient mongo,
                           org.springframework.transaction.support.TransactionTemplate transactions,
                           @Value("${spring.data.mongodb.uri}") String mongoUri) {
        super("personal-exports", POLL);
        this.jdbc = jdbc;
        this.eventLog = eventStorageEngine;
        this.transactions = transactions;
        this.accounts = accounts;
        this.sessions = sessions;
        this.media = media;
        this.ephemeral = ephemeral;
        this.json = json;
        this.bucket = GridFSBuckets.create(mongo.getDatabase(new ConnectionString(mongoUri).getDatabase()), "exports");
    }

    /** Why a request was refused. */
    public enum Refusal { RUNNING, TOO_MANY }

    /** A new export's id, or why there is none: one at a time per account, {@link #PER_DAY} a day. */
    public record Requested(String exportId, Refusal refusal) {
    }

    /** Records a request (blocking JDBC: off the event loop); {@code requestedBy} is the user or the operator. */
    public Requested request(String userId, String requestedBy) {
        // in one transaction that locks the account's row: two requests at once cannot both pass the checks
        return transactions.execute(status -> {
            List<String> locked = jdbc.queryForList("SELECT user_id FROM account WHERE user_id = ? FOR UPDATE", String.class, userId);
            if (locked.isEmpty()) {
                throw new IllegalArgumentException("no such account");
            }
            Map<String, Object> recent = jdbc.queryForMap("SELECT count(*) FILTER (WHERE status = 'running') AS running, "
                    + "count(*) AS today FROM personal_export WHERE user_id = ? AND created_at > now() - interval '1 day'", userId);
            if (((Number) recent.get("running")).longValue() > 0) {
                return new Requested(null, Refusal.RUNNING);
            }
            if (((Number) recent.get("today")).longValue() >= PER_DAY) {
                return new Requested(null, Refusal.TOO_MANY);
            }
            String exportId = "x-" + UUID.randomUUID();
            jdbc.update("INSERT INTO personal_export (export_id, user_id, requested_by) VALUES (?, ?, ?)", exportId, userId, requestedBy);
            return new Requested(exportId, null);
        });
    }

    /** An export as its status answer shows it. */
    public record Status(String exportId, String userId, String status, double progress, Instant createdAt, Instant expiresAt,
                         Long size, String sha256) {
        public boolean done() {
            return "done".equals(status);
        }
    }

    /** The export, if it exists and has not expired ({@code userId} null: anyone's, for operators). */
    public Optional<Status> find(String exportId, String userId) {
        return jdbc.query("SELECT * FROM personal_export WHERE export_id = ? AND (CAST(? AS VARCHAR) IS NULL OR user_id = ?) "
                        + "AND (expires_at IS NULL OR expires_at > now())",
                (rs, i) -> new Status(rs.getString("export_id"), rs.getString("user_id"), rs.getString("status"), rs.getDouble("progress"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
                        (Long) rs.getObject("size_bytes"), rs.getString("sha256")),
                exportId, userId, userId).stream().findFirst();
    }

    /** The zip of a finished export (blocking: read it off the event loop). */
    public InputStream open(Status export) {
        return bucket.openDownloadStream(new BsonString(export.exportId()));
    }

    /** Deletes every export of the account, files included (its account is being erased). */
    public void deleteAllOf(String userId) {
        for (String exportId : jdbc.queryForList("SELECT export_id FROM personal_export WHERE user_id = ?", String.class, userId)) {
            deleteFile(exportId);
            jdbc.update("DELETE FROM personal_export WHERE export_id = ?", exportId);
        }
    }

    /** Builds the next requested export, if any; true when there was one. */
    @Override
    protected boolean workOnNext() {
        List<Map<String, Object>> claimed = jdbc.queryForList("""
                UPDATE personal_export SET lease = now() + make_interval(secs => ?), attempts = attempts + 1
                WHERE export_id = (SELECT export_id FROM personal_export WHERE status = 'running' AND (lease IS NULL OR lease < now())
                                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING export_id, user_id, attempts
                """, (double) LEASE.toSeconds());
        if (claimed.isEmpty()) {
            return false;
        }
        String exportId = (String) claimed.get(0).get("export_id");
        String userId = (String) claimed.get(0).get("user_id");
        int attempts = ((Number) claimed.get(0).get("attempts")).intValue();
        try {
            deleteFile(exportId); // what an earlier attempt left
            Built built = build(exportId, userId);
            jdbc.update("UPDATE personal_export SET status = 'done', progress = 1, finished_at = now(), expires_at = now() + make_interval(secs => ?), "
                    + "size_bytes = ?, sha256 = ?, lease = NULL WHERE export_id = ?", (double) KEPT.toSeconds(), built.size(), built.sha256(), exportId);
            announce(userId, exportId, "done", 1);
            log.info("personal export {} of {} built: {} events, {} files, {} bytes", exportId, userId, built.events(), built.files(), built.size());
        } catch (RuntimeException | IOException e) {
            deleteFile(exportId);
            boolean gaveUp = attempts >= MAX_ATTEMPTS;
            jdbc.update("UPDATE personal_export SET status = ?, lease = CASE WHEN ? THEN NULL ELSE now() + interval '30 seconds' END "
                    + "WHERE export_id = ?", gaveUp ? "failed" : "running", gaveUp, exportId);
            if (gaveUp) {
                announce(userId, exportId, "failed", 0);
            }
            log.warn("personal export {} failed (attempt {} of {}): {}", exportId, attempts, MAX_ATTEMPTS, e.toString());
        }
        return true;
    }

    record Built(long events, int files, long size, String sha256) {
    }

    private Built build(String exportId, String userId) throws IOException {
        Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        long upTo = head == null ? -1 : head;
        Instant createdAt = Instant.now();
        MessageDigest whole = PersonalExport.sha256();
        long events = 0;
        int files = 0;
        long size;
        GridFSUploadStream upload = bucket.openUploadStream(new BsonString(exportId), exportId + ".zip");
        CountingStream counted = new CountingStream(new DigestOutputStream(upload, whole));
        try (PersonalExport zip = new PersonalExport(counted, json)) { // closing it closes the upload: the file is stored
            Account account = accounts.findById(userId).blockOptional(Duration.ofSeconds(30)).orElse(null);
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("userId", userId);
            about.put("username", account == null ? null : account.username());
            about.put("displayName", account == null ? null : account.displayName());
            about.put("registeredAt", accounts.registeredAt(userId).block(Duration.ofSeconds(30)));
            about.put("deleted", account == null);
            zip.document("account.json", about);
            zip.document("sessions.json", Map.of("sessions", sessions.all(userId)));
            events = writeEvents(zip, userId, exportId, upTo);
            List<StoredMedia> uploads = media.uploadsOf(userId).collectList().blockOptional(Duration.ofSeconds(30)).orElse(List.of());
            for (StoredMedia file : uploads) {
                try (PersonalExport.Entry entry = zip.entry("files/" + file.mediaId())) {
                    DataBufferUtils.write(media.read(file, 0, Math.max(0, file.size() - 1), org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance), entry)
                            .map(DataBufferUtils::release).blockLast(Duration.ofMinutes(5));
                }
                files++;
            }
            zip.document("files.json", Map.of("files", uploads.stream().map(file -> {
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("mediaId", file.mediaId());
                described.put("contentType", file.contentType());
                described.put("bytes", file.size());
                described.put("sha256", file.sha256());
                described.put("path", "files/" + file.mediaId());
                return described;
            }).toList()));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("exportId", exportId);
            manifest.put("userId", userId);
            manifest.put("createdAt", createdAt);
            manifest.put("logUpToPosition", upTo);
            manifest.put("events", events);
            manifest.put("files", files);
            zip.finish(manifest);
        }
        size = counted.count;
        return new Built(events, files, size, HexFormat.of().formatHex(whole.digest()));
    }

    /** The log up to {@code upTo}, the user's events of it as NDJSON lines; gives how many. */
    private long writeEvents(PersonalExport zip, String userId, String exportId, long upTo) throws IOException {
        VisibleEvents visible = new VisibleEvents(userId);
        long written = 0;
        Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
        try (PersonalExport.Entry lines = zip.entry("events.ndjson");
             Stream<? extends TrackedEventMessage<?>> stream = eventLog.readEvents(null, false)) {
            var events = stream.iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                long position = event.trackingToken().position().orElse(-1);
                if (position > upTo) {
                    break;
                }
                String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
                Object payload = visible.visible(aggregateId, event.getPayload());
                if (payload != null) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("position", position);
                    line.put("eventId", event.getIdentifier());
                    line.put("timestamp", event.getTimestamp());
                    line.put("type", event.getPayloadType().getSimpleName());
                    line.put("aggregateId", aggregateId);
                    line.put("sequence", event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null);
                    line.put("payload", payload);
                    lines.line(line);
                    written++;
                }
                if (Instant.now().isAfter(nextProgress)) {
                    double progress = upTo <= 0 ? 0 : Math.min(0.99, (double) position / upTo);
                    jdbc.update("UPDATE personal_export SET progress = ?, lease = now() + make_interval(secs => ?) WHERE export_id = ?",
                            progress, (double) LEASE.toSeconds(), exportId);
                    announce(userId, exportId, "running", progress);
                    nextProgress = Instant.now().plus(PROGRESS_EVERY);
                }
            }
        }
        return written;
    }

    private void announce(String userId, String exportId, String status, double progress) {
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("exportId", exportId);
            payload.put("status", status);
            payload.put("progress", progress);
            ephemeral.publish(List.of(userId), "export.progress", json.writeValueAsString(payload)).block(Duration.ofSeconds(5));
        } catch (RuntimeException | IOException e) {
            log.debug("export progress not announced: {}", e.toString()); // the status answer has it all the same
        }
    }

    private void deleteFile(String exportId) {
        try {
            bucket.delete(new BsonString(exportId));
        } catch (com.mongodb.MongoGridFSException e) {
            // none stored
        }
    }

    /** Deletes expired exports (their files first: a row without a file is harmless, a file without a row is not). */
    @Override
    protected void whenIdle() {
        for (String exportId : jdbc.queryForList("SELECT export_id FROM personal_export WHERE expires_at <= now()", String.class)) {
            deleteFile(exportId);
            jdbc.update("DELETE FROM personal_export WHERE export_id = ?", exportId);
        }
    }

    /** Counts what passes, to know the zip's size. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
