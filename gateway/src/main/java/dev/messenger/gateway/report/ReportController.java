package dev.messenger.gateway.report;

import dev.messenger.command.conversation.BlockUser;
import dev.messenger.command.conversation.ConversationLimits;
import dev.messenger.command.conversation.ReportConversation;
import dev.messenger.events.ConversationIds;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.IdempotencyKeys;
import dev.messenger.gateway.web.Membership;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.projections.message.MessageView;
import dev.messenger.query.conversation.ConversationSummary;
import dev.messenger.query.message.MessageQueries;
import dev.messenger.query.report.ReportQueries;
import dev.messenger.query.report.ReportQueries.ReportCursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Members report messages and conversations; operators read the reports. */
@RestController
@Tag(name = "Reports")
public class ReportController {

    static final int MAX_LIMIT = 100;

    private final Commands commands;
    private final Membership membership;
    private final MessageQueries messages;
    private final ReportQueries reports;

    public ReportController(Commands commands, Membership membership, MessageQueries messages, ReportQueries reports) {
        this.commands = commands;
        this.membership = membership;
        this.messages = messages;
        this.reports = reports;
    }

    public record ReportRequest(@NotBlank @Size(max = 128) String conversationId, @Size(max = 128) String messageId,
                                @NotBlank @Size(max = ConversationLimits.MAX_REPORT_REASON_LENGTH, message = "1 to 500 characters") String reason,
                                Boolean block) {
    }

    public record Filed(String reportId) {
    }

    @PostMapping("/reports")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Report a message (messageId) or a conversation to the operators: {conversationId, messageId?, reason, block?}",
            description = "Members only (404 otherwise, also for a message not in the conversation); one's own message is 400. The "
                    + "report keeps the message's text as it is now, for the moderators, even if its sender deletes it. With block "
                    + "true the caller also blocks whom they report (the message's sender, or the other side of a direct chat). "
                    + "The same Idempotency-Key gives the same report once.")
    public Mono<Filed> report(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ReportRequest request,
                              @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        String caller = jwt.getSubject();
        String reportId = "r-" + (idempotencyKey == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((caller + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)));
        Instant now = RequestTime.now();
        Mono<Optional<MessageView>> message = request.messageId() == null ? Mono.just(Optional.empty())
                : messages.findMessageView(request.conversationId(), request.messageId()).map(Optional::of).defaultIfEmpty(Optional.empty());
        return membership.requireParticipant(request.conversationId(), caller)
                .zipWith(message)
                .flatMap(both -> {
                    ConversationSummary conversation = both.getT1();
                    Optional<MessageView> found = both.getT2();
                    String evidence = found.filter(m -> !m.deleted()).map(MessageView::body).orElse(null);
                    // whom a block goes to: the message's sender, else the other side of a direct chat (a group has nobody)
                    String reported = found.map(MessageView::senderId).orElse("direct".equals(conversation.type())
                            ? conversation.participants().stream().filter(p -> !p.equals(caller)).findFirst().orElse(null) : null);
                    Mono<Void> filed = commands.send(new ReportConversation(request.conversationId(), reportId, caller, request.messageId(),
                            request.reason(), evidence, now)).then();
                    if (!Boolean.TRUE.equals(request.block())) {
                        return filed;
                    }
                    return filed.then(Mono.defer(() -> blockReported(caller, reported, now)));
                })
                .thenReturn(new Filed(reportId));
    }

    private Mono<Void> blockReported(String caller, String reported, Instant now) {
        if (reported == null || reported.equals(caller)) {
            return Mono.empty();
        }
        return commands.send(new BlockUser(ConversationIds.direct(caller, reported), caller, reported, now)).then();
    }

    public record ReportList(java.util.List<ReportQueries.Report> reports, String next) {
    }

    @GetMapping("/admin/reports")
    @Operation(summary = "Reports, newest first (operators only); `next` is the cursor for `before`",
            description = "limit 1-100 (default 50). Each: reportId, conversationId, messageId (null for a whole conversation), "
                    + "reporterId, reportedUserId (null for a group), reason, evidence (the message's text when reported), reportedAt.")
    public Mono<ReportList> reports(@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT));
        }
        Optional<ReportCursor> cursor = Optional.empty();
        if (before != null) {
            cursor = before.length() > 512 ? Optional.empty() : ReportCursor.decode(before);
            if (cursor.isEmpty()) {
                return Mono.error(ApiProblem.badRequest("before is not a cursor from this API"));
            }
        }
        return reports.findReports(limit, cursor).map(page -> new ReportList(page.reports(), page.next()));
    }
}
