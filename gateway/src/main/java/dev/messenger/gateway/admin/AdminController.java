package dev.messenger.gateway.admin;

import dev.messenger.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
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

/** Operators (role admin, given to the usernames in MESSENGER_ADMIN_USERS). */
@RestController
@Tag(name = "Operators")
public class AdminController {

    private final ProjectionAdmin projections;

    public AdminController(ProjectionAdmin projections) {
        this.projections = projections;
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
