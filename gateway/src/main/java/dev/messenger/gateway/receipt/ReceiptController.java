package dev.messenger.gateway.receipt;

import dev.messenger.command.conversation.MarkDelivered;
import dev.messenger.command.conversation.MarkRead;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.Membership;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.query.receipt.ReceiptQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Messages")
public class ReceiptController {

    private final Commands commands;
    private final Membership membership;
    private final ReceiptQueries receipts;

    public ReceiptController(Commands commands, Membership membership, ReceiptQueries receipts) {
        this.commands = commands;
        this.membership = membership;
        this.receipts = receipts;
    }

    public record WatermarkRequest(@NotBlank @Size(max = 128) String conversationId, @NotNull @Min(0) Long upToSeq) {
    }

    public record ReceiptView(String userId, long deliveredUpTo, Long readUpTo) {
    }

    public record ReceiptsView(List<ReceiptView> receipts) {
    }

    @PostMapping("/messages/delivered")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "The caller's devices received the messages up to upToSeq (only moves forward; lower values change nothing)")
    public Mono<Void> delivered(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody WatermarkRequest request) {
        return commands.send(new MarkDelivered(request.conversationId(), jwt.getSubject(), request.upToSeq(), RequestTime.now())).then();
    }

    @PostMapping("/messages/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "The caller read up to upToSeq (implies delivered; only moves forward; beyond the last message it stops there)")
    public Mono<Void> read(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody WatermarkRequest request) {
        return commands.send(new MarkRead(request.conversationId(), jwt.getSubject(), request.upToSeq(), RequestTime.now())).then();
    }

    @GetMapping("/conversations/{conversationId}/receipts")
    @Operation(summary = "Each participant's delivered and read watermarks",
            description = "readUpTo is null for a participant whose privacy settings hide read receipts (except to themselves).")
    public Mono<ReceiptsView> receipts(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        String caller = jwt.getSubject();
        return membership.requireParticipant(conversationId, caller)
                .flatMap(conversation -> receipts.findReceiptsSeenBy(conversation, caller))
                .map(seen -> new ReceiptsView(seen.stream()
                        .map(r -> new ReceiptView(r.userId(), r.deliveredUpTo(), r.readUpTo())).toList()));
    }
}
