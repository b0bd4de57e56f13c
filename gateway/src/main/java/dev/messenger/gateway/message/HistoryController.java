package dev.messenger.gateway.message;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Membership;
import dev.messenger.query.history.HistoryPage;
import dev.messenger.query.history.HistoryQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import dev.messenger.query.message.MessageQueries;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Messages")
public class HistoryController {

    static final int MAX_LIMIT = 200;

    private final HistoryQueries history;
    private final Membership membership;
    private final MessageQueries messages;

    public HistoryController(HistoryQueries history, Membership membership, MessageQueries messages) {
        this.history = history;
        this.membership = membership;
        this.messages = messages;
    }

    /**
     * A page of history as the API shows it: {@code messages} holds the messages and, between them, the group's service
     * items ({@code "kind":"service"}, {@code ServiceItem}).
     */
    public record HistoryView(
            @io.swagger.v3.oas.annotations.media.ArraySchema(schema = @io.swagger.v3.oas.annotations.media.Schema(oneOf = {
                    dev.messenger.projections.message.MessageView.class, dev.messenger.projections.message.ServiceItem.class}))
            List<Object> messages, Long next) {
    }

    public record VersionsView(List<MessageQueries.Version> versions) {
    }

    @GetMapping("/messages/{messageId}/versions")
    @Operation(summary = "Every version of a message's text, oldest first: as sent, then each edit, the current one last",
            description = "Members only: 404 for a conversation the caller is not in, an unknown message, and a deleted one (its "
                    + "text is gone, every version with it). An end-to-end encrypted message has no versions the server can read: "
                    + "an empty list. Each version is {body, at}; body is null for a file sent without a caption.")
    public Mono<VersionsView> versions(@AuthenticationPrincipal Jwt jwt, @PathVariable String messageId,
                                       @RequestParam("conversation_id") String conversationId) {
        return membership.requireParticipant(conversationId, jwt.getSubject())
                .then(messages.findVersions(conversationId, messageId))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such message in this conversation")))
                .map(VersionsView::new);
    }

    @GetMapping("/messages/history")
    @Operation(summary = "A page of history: newest first below `before` (or the newest), or oldest first above `after`",
            description = "limit 1-200 (default 50). `next` is the seq to pass as `before` (or `after`) for the following page, "
                    + "null at the end. 404 for an unknown conversation and for one the caller is not in. A message of an end-to-end encrypted "
                    + "conversation has body null, encrypted true and ciphertexts: the envelopes for the caller's own devices "
                    + "(userId:deviceId to base64), none once it is deleted. Between the messages are the group's service items "
                    + "(\"kind\":\"service\": member.added, member.removed, member.left, role.changed, conversation.renamed, "
                    + "conversation.description.changed, conversation.picture.changed), each with serviceId, afterSeq (the seq of the "
                    + "message it follows; 0 before the first), actorId, userId, role, title or pictureMediaId where they apply, and at. "
                    + "A page holds those before each of its messages, and those after its last when that is the newest; limit counts "
                    + "messages only.")
    public Mono<HistoryView> history(@AuthenticationPrincipal Jwt jwt,
                                     @RequestParam("conversation_id") String conversationId,
                                     @RequestParam(required = false) Long before,
                                     @RequestParam(required = false) Long after,
                                     @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT));
        }
        if (before != null && after != null) {
            return Mono.error(ApiProblem.badRequest("give before or after, not both"));
        }
        if ((before != null && before < 1) || (after != null && after < 0)) {
            return Mono.error(ApiProblem.badRequest("before must be at least 1 and after at least 0"));
        }
        return membership.requireParticipant(conversationId, jwt.getSubject())
                .then(after != null
                        ? history.findHistoryAfter(conversationId, after, limit)
                        : history.findHistoryBefore(conversationId, before, limit))
                .map(page -> HistoryQueries.forReader(page, jwt.getSubject()))
                .map(page -> new HistoryView(page.items(), page.next()));
    }
}
