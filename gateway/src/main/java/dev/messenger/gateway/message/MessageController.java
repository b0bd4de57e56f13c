package dev.messenger.gateway.message;

import dev.messenger.command.conversation.ConversationLimits;
import dev.messenger.command.conversation.SendMessage;
import dev.messenger.command.conversation.SentMessage;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.Mentions;
import dev.messenger.media.MediaStore;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.gateway.web.IdempotencyKeys;
import dev.messenger.gateway.web.RateLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Messages")
public class MessageController {

    private static final int MAX_BODY = ConversationLimits.MAX_BODY_LENGTH;

    private final Commands commands;
    private final MediaStore media;
    private final RateLimits limits;
    private final dev.messenger.query.message.MessageQueries messages;
    private final dev.messenger.gateway.web.Membership membership;
    private final dev.messenger.query.keys.DeviceQueries devices;

    public MessageController(Commands commands, MediaStore media, RateLimits limits, dev.messenger.query.message.MessageQueries messages,
                             dev.messenger.gateway.web.Membership membership, dev.messenger.query.keys.DeviceQueries devices) {
        this.devices = devices;
        this.messages = messages;
        this.membership = membership;
        this.commands = commands;
        this.media = media;
        this.limits = limits;
    }

    public record SendRequest(
            @NotBlank @Size(max = 128) String conversationId,
            @Size(max = MAX_BODY, message = "1 to 4000 characters") String body,
            @Size(min = 1, max = 128, message = "1 to 128 characters") String clientMessageId,
            @Size(max = 128) String mediaId,
            @Size(max = 128) String replyTo,
            @Size(max = ConversationLimits.MAX_ENVELOPES, message = "at most 1024 envelopes")
            java.util.Map<@Size(max = ConversationLimits.MAX_ENVELOPE_KEY_LENGTH) String,
                    @Size(max = ConversationLimits.MAX_ENVELOPE_LENGTH) String> ciphertexts,
            @Size(max = ConversationLimits.MAX_PARTICIPANTS, message = "at most 1024 mentions")
            java.util.List<@NotBlank @Size(max = 128) String> mentions,
            Boolean mentionAll) {

        public SendRequest {
            // an empty set of envelopes is none (clients generated from the API description send one with every body)
            ciphertexts = ciphertexts == null || ciphertexts.isEmpty() ? null : ciphertexts;
        }

        /** Whom the message mentions, or null for nobody. */
        Mentions mentioned() {
            boolean all = Boolean.TRUE.equals(mentionAll);
            return (mentions == null || mentions.isEmpty()) && !all ? null : new Mentions(mentions, all);
        }
    }

    public record SentView(String messageId, String conversationId, long seq, Instant sentAt) {
    }

    @PostMapping("/messages/send")
    @Operation(summary = "Send a message; 201 with its gapless per-conversation seq, 200 with the original for a retry",
            description = "A repeated clientMessageId (or Idempotency-Key, when no clientMessageId is given) from the same sender "
                    + "returns the original message and appends nothing; reusing one for a different body is 422. "
                    + "Retries are recognised among the conversation's last 1000 sends. Unknown conversation, or one the caller is not in: 404. "
                    + "A mediaId (a file the sender uploaded, else 404) attaches it; the body is then optional. "
                    + "replyTo, when given, names a message of the same conversation (else 400); history, the live stream and search then "
                    + "show the reply with a replyPreview of that message as it is now (its first 120 characters, or deleted). "
                    + "In an end-to-end encrypted conversation send ciphertexts instead of a body: {\"<userId>:<deviceId>\": \"<base64>\"}, "
                    + "an envelope per recipient device (participants' devices only, each at most 64 KiB; an empty object is none); a body there is 400, an "
                    + "envelope for a device its owner removed 409 stale-devices (fetch the bundles again), and "
                    + "such messages cannot be edited (delete and send again). mentions: the member ids the message mentions (members "
                    + "only, else 400); mentionAll: true mentions every member of a group (its admins only: 403; groups only: 400). "
                    + "A mention notifies even in a muted conversation, and is listed by GET /users/me/mentions.")
    @ApiResponse(responseCode = "201", description = "sent")
    @ApiResponse(responseCode = "200", description = "a retry (same clientMessageId or Idempotency-Key): the message first sent")
    public Mono<ResponseEntity<SentView>> send(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SendRequest request,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        boolean hasBody = request.body() != null && !request.body().isBlank();
        boolean encrypted = request.ciphertexts() != null;
        if (!hasBody && request.mediaId() == null && !encrypted) {
            return Mono.error(ApiProblem.badRequest("body must have 1 to " + MAX_BODY + " characters (optional with a mediaId)"));
        }
        String retryKey = retryKey(request.clientMessageId(), idempotencyKey);
        Instant now = RequestTime.now();
        Mono<Optional<MediaRef>> file = request.mediaId() == null ? Mono.just(Optional.empty())
                : media.find(request.mediaId())
                        .filter(stored -> stored.uploaderId().equals(jwt.getSubject()))
                        .map(stored -> Optional.of(new MediaRef(stored.mediaId(), stored.contentType(), stored.size(), stored.width(),
                                stored.height(), stored.durationMillis(), stored.waveform())))
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such media among your uploads")));
        // envelopes for a device its owner removed are refused (as Signal's server does), so the sender's client fetches
        // the bundles again; asked of members only, so that nobody else learns of anyone's devices
        Mono<Void> devicesCurrent = encrypted ? membership.requireParticipant(request.conversationId(), jwt.getSubject())
                .then(devices.findRemoved(request.ciphertexts().keySet())).flatMap(removed -> removed.isEmpty()
                ? Mono.<Void>empty()
                : Mono.error(new ApiProblem(HttpStatus.CONFLICT, "stale-devices", "envelopes for removed devices: "
                        + String.join(", ", new java.util.TreeSet<>(removed)) + "; fetch the recipients' bundles again"))) : Mono.empty();
        return limits.check("send", jwt.getSubject()).then(devicesCurrent).then(file).map(attached -> new SendMessage(request.conversationId(), "m-" + UUID.randomUUID(), jwt.getSubject(),
                        hasBody ? request.body() : null, retryKey, request.replyTo(), now,
                        attached.orElse(null), request.ciphertexts(), false, request.mentioned()))
                .flatMap(commands::<SentMessage>send)
                .map(MessageController::answer);
    }

    public record ForwardRequest(
            @NotBlank @Size(max = 128) String fromConversationId,
            @NotBlank @Size(max = 128) String messageId,
            @NotBlank @Size(max = 128) String toConversationId,
            @Size(min = 1, max = 128, message = "1 to 128 characters") String clientMessageId) {
    }

    @PostMapping("/messages/forward")
    @Operation(summary = "Forward a message the caller can see to a conversation they are in; 201 as a send, 200 for a retry",
            description = "The new message is a copy of the original's current body and file, marked forwarded: true, with nothing "
                    + "that tells where it came from. 404 when the caller is not in either conversation, or the message is not in "
                    + "the first or was deleted; 400 for an end-to-end encrypted message (the server cannot read it) and into an "
                    + "encrypted conversation. A repeated clientMessageId (or Idempotency-Key) returns the first forward.")
    @ApiResponse(responseCode = "201", description = "forwarded")
    @ApiResponse(responseCode = "200", description = "a retry: the message first forwarded")
    public Mono<ResponseEntity<SentView>> forward(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ForwardRequest request,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        String caller = jwt.getSubject();
        String retryKey = retryKey(request.clientMessageId(), idempotencyKey);
        Instant now = RequestTime.now();
        return limits.check("send", caller)
                .then(membership.requireParticipant(request.fromConversationId(), caller))
                .then(messages.findMessageView(request.fromConversationId(), request.messageId()))
                .filter(original -> !original.deleted())
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such message in that conversation")))
                .flatMap(original -> {
                    if (Boolean.TRUE.equals(original.encrypted())) {
                        return Mono.error(ApiProblem.badRequest("an end-to-end encrypted message cannot be forwarded by the server"));
                    }
                    MediaRef file = original.media() == null ? null : original.media().ref();
                    return commands.<SentMessage>send(new SendMessage(request.toConversationId(), "m-" + UUID.randomUUID(), caller,
                            original.body(), retryKey, null, now, file, null, true));
                })
                .map(MessageController::answer);
    }

    /** The sender's retry key: their clientMessageId, else one made of the request's Idempotency-Key, else none. */
    private static String retryKey(String clientMessageId, String idempotencyKey) {
        return clientMessageId != null ? clientMessageId : idempotencyKey != null ? "idempotency-key:" + idempotencyKey : null;
    }

    /** 201 for a new message, 200 with the original for a retry. */
    private static ResponseEntity<SentView> answer(SentMessage sent) {
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new SentView(sent.messageId(), sent.conversationId(), sent.seq(), sent.sentAt()));
    }
}
