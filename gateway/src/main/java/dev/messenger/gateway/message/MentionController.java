package dev.messenger.gateway.message;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.query.mention.MentionQueries;
import dev.messenger.query.mention.MentionQueries.MentionCursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The messages that mention the caller. */
@RestController
@Tag(name = "Messages")
public class MentionController {

    static final int MAX_LIMIT = 100;

    private final MentionQueries mentions;

    public MentionController(MentionQueries mentions) {
        this.mentions = mentions;
    }

    @GetMapping("/users/me/mentions")
    @Operation(summary = "The messages that mention the caller (by name or with everyone), newest first; `next` is the cursor for `before`",
            description = "limit 1-100 (default 20). Each is {conversationId, messageId, seq, senderId, preview, sentAt}: preview is "
                    + "the message's current text (first 120 characters; null for an encrypted message or a file without a caption). "
                    + "Deleted messages, and conversations the caller has left, are not listed; the newest 1,000 mentions are kept.")
    public Mono<MentionQueries.MentionPage> mentions(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "20") int limit,
                                                     @RequestParam(required = false) String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT));
        }
        Optional<MentionCursor> cursor = Optional.empty();
        if (before != null) {
            cursor = before.length() > 512 ? Optional.empty() : MentionCursor.decode(before);
            if (cursor.isEmpty()) {
                return Mono.error(ApiProblem.badRequest("before is not a cursor from this API"));
            }
        }
        return mentions.findMentions(jwt.getSubject(), limit, cursor);
    }
}
