package dev.messenger.gateway.admin;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.processing.admin.DeadLetters;
import dev.messenger.processing.admin.ProjectionAdmin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Operators (role admin, granted on the database: {@code ops/messenger admin grant USERNAME}). */
@RestController
@Tag(name = "Operators")
public class AdminController {

    private final ProjectionAdmin projections;
    private final DeadLetters deadLetters;

    public AdminController(ProjectionAdmin projections, DeadLetters deadLetters) {
        this.projections = projections;
        this.deadLetters = deadLetters;
    }

    public record DeadLetterList(List<DeadLetters.ParkedSequence> sequences) {
    }

    @GetMapping("/admin/dead-letters")
    @Operation(summary = "Events the projections could not apply, parked per conversation (oldest first, at most 1000)",
            description = "Each entry: projection, sequence (the conversation or other aggregate), events parked, when the first "
                    + "was parked, when last retried, and the cause (exception types and server codes, never data).")
    public Mono<DeadLetterList> deadLetters() {
        return Mono.fromCallable(() -> new DeadLetterList(deadLetters.list(1000))).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/admin/dead-letters/{name}/retry")
    @Operation(summary = "Apply a projection's parked events again, in order (optionally one sequence: ?sequence=ID)",
            description = "What fails again stays parked. Answers how many sequences went through and how many are still parked.")
    public Mono<DeadLetters.Retried> retryDeadLetters(@PathVariable String name,
                                                      @org.springframework.web.bind.annotation.RequestParam(required = false) String sequence) {
        return Mono.fromCallable(() -> {
            requireDeadLetterQueue(name, sequence);
            return deadLetters.retry(name, sequence);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/admin/dead-letters/{name}")
    @Operation(summary = "Give up a parked sequence for good (?sequence=ID): its events are not applied to this read model",
            description = "A rebuild of the projection applies them again.")
    public Mono<Map<String, Object>> dropDeadLetters(@PathVariable String name,
                                                     @org.springframework.web.bind.annotation.RequestParam String sequence) {
        return Mono.fromCallable(() -> {
            requireDeadLetterQueue(name, sequence);
            return Map.<String, Object>of("name", name, "sequence", sequence, "dropped", deadLetters.drop(name, sequence));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void requireDeadLetterQueue(String name, String sequence) {
        if (!deadLetters.exists(name)) {
            throw ApiProblem.notFound("no projection named " + name);
        }
        if (sequence != null && (sequence.isBlank() || sequence.length() > 255)) {
            throw ApiProblem.badRequest("sequence has 1 to 255 characters");
        }
    }

    public record ProjectionList(List<ProjectionAdmin.ProjectionStatus> projections) {
    }

    @GetMapping("/admin/projections")
    @Operation(summary = "Every projection: status, position, lag (events behind the head of the log), replaying, rebuild progress (%)")
    public Mono<ProjectionList> list() {
        return Mono.fromCallable(() -> new ProjectionList(projections.list())).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/admin/projections/{name}/rebuild")
    @Operation(summary = "Rebuild a projection from the event log while the system runs (202); 409 while it is already rebuilding",
            description = "The processor stops on every node, its store is cleared, and it replays the log; the listing shows progress.")
    @ApiResponse(responseCode = "202", description = "the rebuild started")
    public Mono<ResponseEntity<Map<String, String>>> rebuild(@PathVariable String name) {
        return Mono.fromCallable(() -> {
            requireExists(name);
            if (!projections.rebuild(name)) {
                throw ApiProblem.conflict("rebuild-running", name + " is already rebuilding");
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("name", name, "status", "rebuilding"));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/admin/projections/{name}/pause")
    @Operation(summary = "Stop a projection on every node, keeping its position, until it is resumed or rebuilt",
            description = "Its read model stays as it is and falls behind; on resume it catches up from where it stopped. "
                    + "Gateway nodes started while it is paused keep it paused.")
    public Mono<Map<String, String>> pause(@PathVariable String name) {
        return Mono.fromCallable(() -> {
            requireExists(name);
            projections.pause(name);
            return Map.of("name", name, "status", "paused");
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/admin/projections/{name}/resume")
    @Operation(summary = "Start a paused projection again on every node; it catches up from where it stopped")
    public Mono<Map<String, String>> resume(@PathVariable String name) {
        return Mono.fromCallable(() -> {
            requireExists(name);
            projections.resume(name);
            return Map.of("name", name, "status", "running");
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void requireExists(String name) {
        if (!projections.exists(name)) {
            throw ApiProblem.notFound("no projection named " + name);
        }
    }
}
