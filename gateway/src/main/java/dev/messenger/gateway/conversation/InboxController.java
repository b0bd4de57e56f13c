package dev.messenger.gateway.conversation;

import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Membership;
import dev.messenger.query.conversation.ConversationQueries;
import dev.messenger.query.conversation.ConversationQueries.InboxCursor;
import dev.messenger.query.conversation.ConversationSummary;
import dev.messenger.query.unread.UnreadQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Conversations")
public class InboxController {

    static final int MAX_LIMIT = 100;

    private final ConversationQueries conversations;
    private final UnreadQueries unread;
    private final Membership membership;
    private final dev.messenger.gateway.account.AccountRepository accounts;

    public InboxController(ConversationQueries conversations, UnreadQueries unread, Membership membership,
                           dev.messenger.gateway.account.AccountRepository accounts) {
        this.accounts = accounts;
        this.conversations = conversations;
        this.unread = unread;
        this.membership = membership;
    }

    public record InboxItem(String conversationId, String type, String title, List<String> participants,
                            ConversationSummary.LastMessage lastMessage, long unreadCount, Instant updatedAt, boolean e2ee,
                            boolean archived, boolean pinned, boolean request, Instant mutedUntil) {
    }

    public record InboxView(List<InboxItem> conversations, String next) {
    }

    @GetMapping("/conversations")
    @Operation(summary = "The caller's inbox, the conversations they pinned first, then newest activity first; `next` is the cursor for `before`",
            description = "limit 1-100 (default 20). unreadCount counts messages from others that the caller has not read. "
                    + "archived=true lists the conversations the caller archived instead (PUT /conversations/{id}/state).")
    public Mono<InboxView> inbox(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "20") int limit,
                                 @RequestParam(required = false) String before,
                                 @RequestParam(defaultValue = "false") boolean archived) {
        Optional<InboxCursor> cursor = pageOf(limit, before);
        String caller = jwt.getSubject();
        return conversations.findInbox(caller, limit, cursor, archived)
                .flatMap(page -> unread.findUnreadCounts(caller,
                                page.conversations().stream().map(entry -> entry.summary().conversationId()).toList())
                        .map(counts -> new InboxView(page.conversations().stream()
                                .map(entry -> {
                                    ConversationSummary c = entry.summary();
                                    return new InboxItem(c.conversationId(), c.type(), c.title(), c.participants(), c.lastMessage(),
                                            counts.getOrDefault(c.conversationId(), 0L), c.updatedAt(), c.e2ee(), entry.archived(),
                                            entry.pinned(), c.isRequest(), entry.mutedUntil());
                                })
                                .toList(), page.next())));
    }

    @GetMapping("/conversations/requests")
    @Operation(summary = "Message requests waiting for the caller: direct chats from people who shared no conversation with them; inbox shape",
            description = "Newest activity first; limit 1-100 (default 20), `next` the cursor for `before`. A request is not in GET "
                    + "/conversations, notifies nothing, counts no unread messages (unreadCount 0) and sends no read receipts until "
                    + "accepted (POST /conversations/{id}/accept, or replying). Its history can be read.")
    public Mono<InboxView> requests(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "20") int limit,
                                    @RequestParam(required = false) String before) {
        Optional<InboxCursor> cursor = pageOf(limit, before);
        return conversations.findRequests(jwt.getSubject(), limit, cursor)
                .map(page -> new InboxView(page.conversations().stream().map(entry -> {
                    ConversationSummary c = entry.summary();
                    return new InboxItem(c.conversationId(), c.type(), c.title(), c.participants(), c.lastMessage(), 0, c.updatedAt(),
                            c.e2ee(), false, false, true, null);
                }).toList(), page.next()));
    }

    /** The cursor a page starts after (none for the first), once the paging parameters are checked (400 otherwise). */
    private static Optional<InboxCursor> pageOf(int limit, String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT);
        }
        if (before == null) {
            return Optional.empty();
        }
        Optional<InboxCursor> cursor = InboxCursor.decode(before);
        if (cursor.isEmpty()) {
            throw ApiProblem.badRequest("before is not a cursor from this API");
        }
        return cursor;
    }

    /** One conversation with its members' roles: {@code members} in the order they joined. */
    public record ConversationDetailsView(String conversationId, String type, String title, List<String> participants, Instant createdAt,
                                          boolean e2ee, List<MemberView> members, String description,
                                          String pictureMediaId) {
    }

    /** {@code deleted}: the member's account was deleted (it stays in a direct chat; it left its groups). */
    public record MemberView(String userId, String role, Instant joinedAt, boolean deleted) {
    }

    @GetMapping("/conversations/{conversationId}")
    @Operation(summary = "One conversation of the caller's (404 when unknown or not the caller's)",
            description = "members: [{userId, role (owner, admin or member; everyone is a member of a direct chat), joinedAt, "
                    + "deleted (the account was deleted)}] in "
                    + "the order they joined; a group's description and pictureMediaId (null when none; the picture is read with "
                    + "GET /media/{id}).")
    public Mono<ConversationDetailsView> conversation(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId) {
        return conversations.findConversationDetails(conversationId)
                .filter(details -> details.summary().hasParticipant(jwt.getSubject()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(Membership.NO_SUCH_CONVERSATION)))
                .flatMap(details -> accounts.deletedAmong(details.summary().participants()).map(deleted -> {
                    ConversationSummary c = details.summary();
                    List<MemberView> members = details.members().stream()
                            .map(m -> new MemberView(m.userId(), m.role(), m.joinedAt(), deleted.contains(m.userId()))).toList();
                    return new ConversationDetailsView(c.conversationId(), c.type(), c.title(), c.participants(), c.createdAt(), c.e2ee(),
                            members, details.description(), details.pictureMediaId());
                }));
    }
}
