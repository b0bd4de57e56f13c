package dev.messenger.gateway.export;

import dev.messenger.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Personal exports: a user's own, and any account's for operators (role admin). */
@RestController
@Tag(name = "Accounts and tokens")
public class ExportController {

    private static final int MAX_ID = 64;
    private static final String NO_SUCH_EXPORT = "no such export (or it expired)";

    private final PersonalExports exports;

    public ExportController(PersonalExports exports) {
        this.exports = exports;
    }

    public record ExportStarted(String exportId) {
    }

    /** {@code download}: where the zip is read, once done (null before, and after it expired). */
    public record ExportView(String exportId, String status, double progress, String download, Instant createdAt, Instant expiresAt,
                             Long size, String sha256) {
    }

    @PostMapping("/users/me/export")
    @Operation(summary = "Export everything of the caller's from the event log: 202, then poll GET /users/me/exports/{exportId}",
            description = "A zip: events.ndjson (the events the caller was allowed to see and did, each with its log position), "
                    + "account.json, sessions.json, files.json and files/ (the caller's uploads), manifest.json (every entry "
                    + "with its SHA-256). Progress also comes on the caller's streams as export.progress. One at a time (409 "
                    + "export-running), three a day (429); a finished export can be downloaded for a day.")
    @ApiResponse(responseCode = "202", description = "the export is being built")
    public Mono<ResponseEntity<ExportStarted>> request(@AuthenticationPrincipal Jwt jwt) {
        return requestFor(jwt.getSubject(), jwt.getSubject());
    }

    @GetMapping("/users/me/exports/{exportId}")
    @Operation(summary = "One of the caller's exports: status running, done or failed, progress 0 to 1, and its download once done")
    public Mono<ExportView> status(@AuthenticationPrincipal Jwt jwt, @PathVariable String exportId) {
        return find(exportId, jwt.getSubject()).map(export -> view(export, "/users/me/exports/"));
    }

    @GetMapping("/users/me/exports/{exportId}/download")
    @Operation(summary = "The zip of one of the caller's finished exports")
    @ApiResponse(responseCode = "200", description = "the zip")
    public Mono<ResponseEntity<Flux<DataBuffer>>> download(@AuthenticationPrincipal Jwt jwt, @PathVariable String exportId) {
        return find(exportId, jwt.getSubject()).map(this::zip);
    }

    @PostMapping("/admin/users/{userId}/export")
    @Operation(summary = "Operators: export an account's personal data (the same export as its owner's)")
    @ApiResponse(responseCode = "202", description = "the export is being built")
    public Mono<ResponseEntity<ExportStarted>> requestAsOperator(@AuthenticationPrincipal Jwt jwt, @PathVariable String userId) {
        if (userId.length() > MAX_ID) {
            return Mono.error(ApiProblem.notFound("no such account"));
        }
        return requestFor(userId, jwt.getSubject());
    }

    @GetMapping("/admin/exports/{exportId}")
    @Operation(summary = "Operators: any export's status")
    public Mono<ExportView> statusAsOperator(@PathVariable String exportId) {
        return find(exportId, null).map(export -> view(export, "/admin/exports/"));
    }

    @GetMapping("/admin/exports/{exportId}/download")
    @Operation(summary = "Operators: any finished export's zip")
    @ApiResponse(responseCode = "200", description = "the zip")
    public Mono<ResponseEntity<Flux<DataBuffer>>> downloadAsOperator(@PathVariable String exportId) {
        return find(exportId, null).map(this::zip);
    }

    private Mono<ResponseEntity<ExportStarted>> requestFor(String userId, String requestedBy) {
        return Mono.fromCallable(() -> {
                    try {
                        return exports.request(userId, requestedBy);
                    } catch (IllegalArgumentException e) {
                        throw ApiProblem.notFound("no such account");
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(requested -> {
                    if (requested.refusal() == PersonalExports.Refusal.RUNNING) {
                        throw ApiProblem.conflict("export-running", "an export of this account is being built: wait for it");
                    }
                    if (requested.refusal() == PersonalExports.Refusal.TOO_MANY) {
                        throw ApiProblem.tooManyRequests("at most " + PersonalExports.PER_DAY + " exports a day", 3600);
                    }
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ExportStarted(requested.exportId()));
                });
    }

    private Mono<PersonalExports.Status> find(String exportId, String userId) {
        if (exportId.length() > MAX_ID) {
            return Mono.error(ApiProblem.notFound(NO_SUCH_EXPORT));
        }
        return Mono.fromCallable(() -> exports.find(exportId, userId).orElseThrow(() -> ApiProblem.notFound(NO_SUCH_EXPORT)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static ExportView view(PersonalExports.Status export, String base) {
        return new ExportView(export.exportId(), export.status(), export.progress(),
                export.done() ? base + export.exportId() + "/download" : null, export.createdAt(), export.expiresAt(), export.size(),
                export.sha256());
    }

    private ResponseEntity<Flux<DataBuffer>> zip(PersonalExports.Status export) {
        if (!export.done()) {
            throw ApiProblem.conflict("export-not-ready", "the export is " + export.status());
        }
        String name = "messenger-export-" + LocalDate.ofInstant(export.createdAt(), ZoneOffset.UTC) + ".zip";
        Flux<DataBuffer> bytes = DataBufferUtils.readInputStream(() -> exports.open(export), DefaultDataBufferFactory.sharedInstance, 64 * 1024)
                .subscribeOn(Schedulers.boundedElastic());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .contentLength(export.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(export.sha256())))
                .body(bytes);
    }
}
