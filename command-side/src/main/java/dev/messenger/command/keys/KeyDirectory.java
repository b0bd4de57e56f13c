package dev.messenger.command.keys;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.messenger.command.RuleViolation;
import dev.messenger.events.keys.ClaimedPreKey;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.PreKeyBundleClaimed;
import dev.messenger.events.keys.SignedPreKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user's end-to-end encryption key directory: the public keys of each of their devices. It is the
 * consistency boundary that hands out each one-time pre-key exactly once: fetches are commands on it,
 * serialized per user (and, across gateway nodes, by the event store's sequence numbers), so two
 * concurrent fetches never get the same key.
 */
@Aggregate(snapshotTriggerDefinition = "conversationSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class KeyDirectory {

    static final int MAX_DEVICES = 16;
    static final int MAX_ONE_TIME_KEYS = 100;
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @AggregateIdentifier
    private String directoryId;
    private String userId;
    private Map<String, Device> devices = new LinkedHashMap<>();

    record Device(String identityKey, String identityDhKey, SignedPreKey signedPreKey, List<OneTimePreKey> oneTimePreKeys) {
    }

    protected KeyDirectory() {
        // for Axon
    }

    /** Aggregate ids are shared by every aggregate type: the directory's is the user id with a prefix of its own. */
    public static String idOf(String userId) {
        return "keys-" + userId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterDeviceKeys command) {
        if (command.deviceId() == null || !DEVICE_ID.matcher(command.deviceId()).matches()) {
            throw KeyChecks.invalid("deviceId must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
        }
        byte[] identityKey = KeyChecks.decode("identityKey", command.identityKey(), 32);
        KeyChecks.decode("identityDhKey", command.identityDhKey(), 32);
        SignedPreKey signedPreKey = command.signedPreKey();
        if (signedPreKey == null) {
            throw KeyChecks.invalid("signedPreKey is missing");
        }
        requirePositive("signedPreKey.keyId", signedPreKey.keyId());
        byte[] preKey = KeyChecks.decode("signedPreKey.publicKey", signedPreKey.publicKey(), 32);
        byte[] signature = KeyChecks.decode("signedPreKey.signature", signedPreKey.signature(), 64);
        if (!KeyChecks.verifies(identityKey, preKey, signature)) {
            throw KeyChecks.invalid("signedPreKey.signature is not the identity key's Ed25519 signature of signedPreKey.publicKey");
        }
        List<OneTimePreKey> oneTime = command.oneTimePreKeys() == null ? List.of() : command.oneTimePreKeys();
        if (oneTime.size() > MAX_ONE_TIME_KEYS) {
            throw KeyChecks.invalid("at most " + MAX_ONE_TIME_KEYS + " one-time pre-keys per upload");
        }
        Set<Integer> keyIds = new HashSet<>();
        for (OneTimePreKey key : oneTime) {
            if (key == null) {
                throw KeyChecks.invalid("a one-time pre-key is missing");
            }
            requirePositive("oneTimePreKeys.keyId", key.keyId());
            KeyChecks.decode("oneTimePreKeys.publicKey", key.publicKey(), 32);
            if (!keyIds.add(key.keyId())) {
                throw KeyChecks.invalid("one-time pre-key ids must be unique; " + key.keyId() + " repeats");
            }
        }
        if (!devices.containsKey(command.deviceId()) && devices.size() >= MAX_DEVICES) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "a user has at most " + MAX_DEVICES + " devices");
        }
        apply(new DeviceKeysRegistered(command.userId(), command.deviceId(), command.identityKey(), command.identityDhKey(),
                signedPreKey, oneTime, command.requestedAt()));
    }

    /** The device's keys leave the directory; removing one the directory does not have is 404, as for someone else's. */
    @CommandHandler
    public void handle(RemoveDeviceKeys command) {
        if (command.deviceId() == null || !devices.containsKey(command.deviceId())) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, "no such device");
        }
        apply(new DeviceKeysRemoved(command.userId(), command.deviceId(), command.requestedAt()));
    }

    /** Every device leaves the directory (its owner's account is being erased): nobody can start a session with them. */
    @CommandHandler
    public void handle(RemoveAllDeviceKeys command) {
        for (String deviceId : List.copyOf(devices.keySet())) {
            apply(new DeviceKeysRemoved(command.userId(), deviceId, command.requestedAt()));
        }
    }

    /** Hands out one one-time pre-key of each device that has any left, and records that they are used up. */
    @CommandHandler
    public PreKeyBundle handle(ClaimPreKeyBundle command) {
        List<PreKeyBundle.DeviceBundle> bundles = new ArrayList<>();
        List<ClaimedPreKey> claims = new ArrayList<>();
        devices.forEach((deviceId, device) -> {
            OneTimePreKey oneTime = device.oneTimePreKeys().isEmpty() ? null : device.oneTimePreKeys().get(0);
            bundles.add(new PreKeyBundle.DeviceBundle(deviceId, device.identityKey(), device.identityDhKey(), device.signedPreKey(),
                    oneTime));
            if (oneTime != null) {
                claims.add(new ClaimedPreKey(deviceId, oneTime.keyId()));
            }
        });
        if (!claims.isEmpty()) {
            apply(new PreKeyBundleClaimed(userId, command.claimedBy(), claims, command.requestedAt()));
        }
        return new PreKeyBundle(bundles);
    }

    @EventSourcingHandler
    void on(DeviceKeysRegistered event) {
        directoryId = idOf(event.userId());
        userId = event.userId();
        devices.put(event.deviceId(), new Device(event.identityKey(), event.identityDhKey(), event.signedPreKey(),
                new ArrayList<>(event.oneTimePreKeys())));
    }

    @EventSourcingHandler
    void on(DeviceKeysRemoved event) {
        devices.remove(event.deviceId());
    }

    @EventSourcingHandler
    void on(PreKeyBundleClaimed event) {
        for (ClaimedPreKey claim : event.claims()) {
            Device device = devices.get(claim.deviceId());
            if (device != null && claim.oneTimePreKeyId() != null) {
                device.oneTimePreKeys().removeIf(key -> key.keyId() == claim.oneTimePreKeyId());
            }
        }
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw KeyChecks.invalid(what + " must be a positive integer");
        }
    }
}
