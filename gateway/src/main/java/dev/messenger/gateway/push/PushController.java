package dev.messenger.gateway.push;

import dev.messenger.command.conversation.MuteConversation;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import dev.messenger.realtime.push.PushEndpoints;
import dev.messenger.realtime.push.PushProperties;
import dev.messenger.realtime.push.PushSubscriptions;
import dev.messenger.realtime.push.VapidKeys;
import dev.messenger.realtime.push.WebPush;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Web Push subscriptions, the server's VAPID key, and muting a conversation's notifications. */
@RestController
@Tag(name = "Push notifications")
public class PushController {

    private final PushSubscriptions subscriptions;
    private final VapidKeys keys;
    private final Commands commands;
    private final PushEndpoints endpoints;

    public PushController(PushSubscriptions subscriptions, VapidKeys keys, Commands commands, PushProperties properties) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.commands = commands;
        this.endpoints = properties.endpoints();
    }

    public record Keys(@NotBlank @Size(max = 200) String p256dh, @NotBlank @Size(max = 100) String auth) {
    }

    public record SubscribeRequest(@NotBlank @Size(max = 2048) String endpoint, @NotNull @Valid Keys keys) {
    }

    public record VapidKey(String publicKey) {
    }

    public record MuteRequest(Instant until) {
    }

    @GetMapping("/push/vapid-public-key")
    @Operation(summary = "The server's VAPID public key (base64url of the uncompressed P-256 point): the applicationServerKey to subscribe with")
    public VapidKey vapidPublicKey() {
        return new VapidKey(keys.publicKeyBase64Url());
    }

    @PostMapping("/push/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a browser's Web Push subscription (PushSubscription.toJSON()) for the caller",
            description = "endpoint is the push service's https URL; keys.p256dh the subscription's P-256 public key (65 bytes, "
                    + "base64url) and keys.auth its 16-byte auth secret (base64url). Only the browsers' push services are "
                    + "accepted (400 for any other host, or one resolving to a private address). Registering an endpoint again "
                    + "replaces its keys; an endpoint another account registered is 409 (it unsubscribes first). The caller gets a notification on each subscription for a message in a conversation they did not "
                    + "mute, from someone they did not block, while they have no open /events stream. Payloads never carry message "
                    + "text: {type, conversationId, messageId, senderId, senderName, messages, encrypted}.")
    public Mono<Void> subscribe(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SubscribeRequest request) {
        URI endpoint = endpoint(request.endpoint());
        byte[] p256dh = base64Url("keys.p256dh", request.keys().p256dh());
        byte[] auth = base64Url("keys.auth", request.keys().auth());
        try {
            WebPush.publicKey(p256dh);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("keys.p256dh must be a P-256 public key: a 65-byte uncompressed point in base64url");
        }
        if (auth.length != 16) {
            throw ApiProblem.badRequest("keys.auth must be a 16-byte secret in base64url");
        }
        return subscriptions.subscribe(jwt.getSubject(), endpoint, request.keys().p256dh(), request.keys().auth())
                .onErrorMap(IllegalArgumentException.class, e -> ApiProblem.badRequest(e.getMessage()))
                .flatMap(outcome -> outcome == PushSubscriptions.Outcome.TAKEN
                        ? Mono.<Void>error(ApiProblem.conflict("subscription-taken", "this endpoint is subscribed by another account"))
                        : Mono.<Void>empty());
    }

    @DeleteMapping("/push/subscriptions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove one of the caller's subscriptions (nothing happens for an endpoint that is not theirs)")
    public Mono<Void> unsubscribe(@AuthenticationPrincipal Jwt jwt, @RequestParam @Size(max = 2048) String endpoint) {
        return subscriptions.unsubscribe(jwt.getSubject(), endpoint(endpoint)); // only what could have been registered
    }

    @PutMapping("/conversations/{conversationId}/mute")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mute the conversation's push notifications for the caller until a time; {\"until\": null} unmutes",
            description = "Participants only (404 otherwise). Mute for good with a far future time. Messages still "
                    + "arrive on streams, in history and in unread counts.")
    public Mono<Void> mute(@AuthenticationPrincipal Jwt jwt, @PathVariable String conversationId, @RequestBody MuteRequest request) {
        if (conversationId.length() > 128) {
            return Mono.error(ApiProblem.badRequest("conversationId has at most 128 characters"));
        }
        return commands.send(new MuteConversation(conversationId, jwt.getSubject(), request.until(), RequestTime.now())).then();
    }

    private URI endpoint(String value) {
        try {
            return endpoints.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    private static byte[] base64Url(String what, String value) {
        try {
            return Base64.getUrlDecoder().decode(value.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(what + " is not base64url");
        }
    }
}
