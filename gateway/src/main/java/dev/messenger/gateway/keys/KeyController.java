package dev.messenger.gateway.keys;

import dev.messenger.command.keys.ClaimPreKeyBundle;
import dev.messenger.command.keys.PreKeyBundle;
import dev.messenger.command.keys.RegisterDeviceKeys;
import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.SignedPreKey;
import dev.messenger.gateway.web.ApiProblem;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RateLimits;
import dev.messenger.gateway.web.RequestTime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The key directory of end-to-end encryption: devices publish public keys, others fetch a bundle per
 * device to start an encrypted session. The server only ever sees public keys.
 */
@RestController
@Tag(name = "End-to-end encryption")
public class KeyController {

    private final Commands commands;
    private final RateLimits limits;
    private final dev.messenger.query.keys.DeviceQueries devices;

    public KeyController(Commands commands, RateLimits limits, dev.messenger.query.keys.DeviceQueries devices) {
        this.commands = commands;
        this.limits = limits;
        this.devices = devices;
    }

    public record OwnDevicesView(List<dev.messenger.query.keys.DeviceQueries.Device> devices) {
    }

    @GetMapping("/keys/devices")
    @Operation(summary = "The caller's own end-to-end encryption devices: deviceId, registeredAt, keysUpdatedAt",
            description = "What the caller's devices uploaded keys for, first registered first (from a read model: a device "
                    + "registered a moment ago may take a moment to show). Remove one with DELETE /keys/devices/{deviceId}.")
    public Mono<OwnDevicesView> ownDevices(@AuthenticationPrincipal Jwt jwt) {
        return devices.findDevices(jwt.getSubject()).map(OwnDevicesView::new);
    }

    public record SignedPreKeyBody(@NotNull Integer keyId, @NotBlank @Size(max = 200) String publicKey,
                                   @NotBlank @Size(max = 200) String signature) {
    }

    public record OneTimePreKeyBody(@NotNull Integer keyId, @NotBlank @Size(max = 200) String publicKey) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "DeviceRegistration") // AccountController.RegisterRequest is the other
    public record RegisterRequest(@NotBlank @Size(max = 200) String identityKey, @NotBlank @Size(max = 200) String identityDhKey,
                                  @NotNull @Valid SignedPreKeyBody signedPreKey,
                                  @Size(max = 100, message = "at most 100 one-time pre-keys per upload") List<@NotNull @Valid OneTimePreKeyBody> oneTimePreKeys) {
    }

    public record DeviceView(String deviceId, String identityKey, String identityDhKey, SignedPreKey signedPreKey,
                             OneTimePreKey oneTimePreKey) {
    }

    public record BundleView(List<DeviceView> devices) {
    }

    @PutMapping("/keys/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Publish (or replace) the public keys of one of the caller's devices",
            description = "Standard base64 with padding of raw key bytes: identityKey a 32-byte Ed25519 public key; identityDhKey, "
                    + "signedPreKey.publicKey and each one-time publicKey 32-byte X25519 public keys; signedPreKey.signature the "
                    + "64-byte Ed25519 signature by identityKey over the raw bytes of signedPreKey.publicKey. keyIds are positive and "
                    + "one-time keyIds unique; deviceId is 1-64 of [A-Za-z0-9_-]; at most 100 one-time keys per upload and 16 devices "
                    + "per user. Registering a device again replaces all its keys (upload fresh one-time keys the same way). "
                    + "Anything else, or a signature that does not verify: 400.")
    public Mono<Void> register(@AuthenticationPrincipal Jwt jwt, @PathVariable String deviceId, @Valid @RequestBody RegisterRequest request) {
        List<OneTimePreKey> oneTime = request.oneTimePreKeys() == null ? List.of()
                : request.oneTimePreKeys().stream().map(k -> new OneTimePreKey(k.keyId(), k.publicKey())).toList();
        SignedPreKeyBody signed = request.signedPreKey();
        return commands.send(new RegisterDeviceKeys(jwt.getSubject(), deviceId, request.identityKey(), request.identityDhKey(),
                new SignedPreKey(signed.keyId(), signed.publicKey(), signed.signature()), oneTime, RequestTime.now())).then();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/keys/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove one of the caller's devices: its keys are handed out no more, so no new session starts with it",
            description = "404 when the caller has no such device. Messages already sent to it keep their envelopes for it.")
    public Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable String deviceId) {
        if (deviceId.length() > 64) {
            return Mono.error(ApiProblem.notFound("no such device"));
        }
        return commands.send(new dev.messenger.command.keys.RemoveDeviceKeys(jwt.getSubject(), deviceId, RequestTime.now())).then()
                .onErrorMap(AggregateNotFoundException.class, e -> ApiProblem.notFound("no such device"));
    }

    @GetMapping("/keys/{userId}")
    @Operation(summary = "A user's pre-key bundle: per device its public keys and one one-time pre-key (null when none are left)",
            description = "Each one-time pre-key is handed out exactly once, also to concurrent callers on different nodes; without "
                    + "one, a session starts from the signed pre-key alone. A user without registered devices has none (an empty "
                    + "list, whether or not the account exists). Fetches use keys up, so they are rate limited per caller.")
    public Mono<BundleView> bundle(@AuthenticationPrincipal Jwt jwt, @PathVariable String userId) {
        if (userId.length() > 128) {
            return Mono.error(ApiProblem.badRequest("userId has at most 128 characters"));
        }
        return limits.check("key-fetch", jwt.getSubject())
                .then(commands.<PreKeyBundle>send(new ClaimPreKeyBundle(userId, jwt.getSubject(), RequestTime.now())))
                .map(bundle -> new BundleView(bundle.devices().stream()
                        .map(d -> new DeviceView(d.deviceId(), d.identityKey(), d.identityDhKey(), d.signedPreKey(), d.oneTimePreKey()))
                        .toList()))
                .onErrorResume(AggregateNotFoundException.class, e -> Mono.just(new BundleView(List.of())));
    }
}
