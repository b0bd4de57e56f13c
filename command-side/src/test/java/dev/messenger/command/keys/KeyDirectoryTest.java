package dev.messenger.command.keys;

import dev.messenger.command.RuleViolation;
import dev.messenger.events.keys.ClaimedPreKey;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.PreKeyBundleClaimed;
import dev.messenger.events.keys.SignedPreKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key directory's rules, one test each, with real Ed25519 keys and signatures from the JDK. */
class KeyDirectoryTest {

    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-28T09:01:00Z");
    private static final String USER = "u-bob";

    private FixtureConfiguration<KeyDirectory> fixture;
    private KeyPair identity;
    private String identityKey;
    private String preKey;
    private String signature;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new AggregateTestFixture<>(KeyDirectory.class);
        identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        identityKey = base64(raw(identity.getPublic().getEncoded()));
        preKey = base64(new byte[32]);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(new byte[32]);
        signature = base64(signer.sign());
    }

    @Test
    void aDeviceWithAVerifyingSignedPreKeyIsRegistered() {
        fixture.givenNoPriorActivity()
                .when(register("phone", signature, List.of(oneTime(1))))
                .expectEvents(registered("phone", List.of(oneTime(1))));
    }

    @Test
    void aSignedPreKeyWhoseSignatureDoesNotVerifyIsRefused() {
        byte[] forged = Base64.getDecoder().decode(signature);
        forged[0] ^= 1;
        fixture.givenNoPriorActivity()
                .when(register("phone", base64(forged), List.of()))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("signature"))
                .expectNoEvents();
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceKeys(USER, "phone", identityKey, base64(new byte[31]), new SignedPreKey(1, preKey, signature),
                        List.of(), T0))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void repeatedOneTimeKeyIdsAreRefused() {
        fixture.givenNoPriorActivity()
                .when(register("phone", signature, List.of(oneTime(1), oneTime(1))))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aFetchHandsOutTheNextOneTimeKeyOfEachDeviceAndUsesItUp() {
        fixture.given(registered("phone", List.of(oneTime(1), oneTime(2))), registered("laptop", List.of(oneTime(5))))
                .when(new ClaimPreKeyBundle(USER, "u-alice", T1))
                .expectEvents(new PreKeyBundleClaimed(USER, "u-alice", List.of(new ClaimedPreKey("phone", 1), new ClaimedPreKey("laptop", 5)), T1))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.<Object>equalTo(new PreKeyBundle(List.of(
                        new PreKeyBundle.DeviceBundle("phone", identityKey, identityKey, new SignedPreKey(1, preKey, signature), oneTime(1)),
                        new PreKeyBundle.DeviceBundle("laptop", identityKey, identityKey, new SignedPreKey(1, preKey, signature), oneTime(5))))));
    }

    @Test
    void aUsedOneTimeKeyIsNeverHandedOutAgain() {
        fixture.given(registered("phone", List.of(oneTime(1), oneTime(2))),
                        new PreKeyBundleClaimed(USER, "u-alice", List.of(new ClaimedPreKey("phone", 1)), T0))
                .when(new ClaimPreKeyBundle(USER, "u-carol", T1))
                .expectEvents(new PreKeyBundleClaimed(USER, "u-carol", List.of(new ClaimedPreKey("phone", 2)), T1));
    }

    @Test
    void withNoOneTimeKeysLeftTheBundleStillHasTheSignedPreKey() {
        fixture.given(registered("phone", List.of(oneTime(1))), new PreKeyBundleClaimed(USER, "u-alice", List.of(new ClaimedPreKey("phone", 1)), T0))
                .when(new ClaimPreKeyBundle(USER, "u-carol", T1))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.<Object>equalTo(new PreKeyBundle(List.of(
                        new PreKeyBundle.DeviceBundle("phone", identityKey, identityKey, new SignedPreKey(1, preKey, signature), null)))));
    }

    @Test
    void registeringADeviceAgainReplacesItsKeys() {
        fixture.given(registered("phone", List.of(oneTime(1))))
                .when(register("phone", signature, List.of(oneTime(9))))
                .expectEvents(registered("phone", List.of(oneTime(9))));
    }

    @Test
    void aDeviceOfTheDirectoryIsRemoved() {
        fixture.given(registered("phone", List.of(oneTime(1))), registered("laptop", List.of()))
                .when(new RemoveDeviceKeys(USER, "phone", T1))
                .expectEvents(new DeviceKeysRemoved(USER, "phone", T1));
    }

    @Test
    void aRemovedDeviceIsInNoBundleAndItsOneTimeKeysAreNeverHandedOut() {
        fixture.given(registered("phone", List.of(oneTime(1))), registered("laptop", List.of()), new DeviceKeysRemoved(USER, "phone", T0))
                .when(new ClaimPreKeyBundle(USER, "u-alice", T1))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.<Object>equalTo(new PreKeyBundle(List.of(
                        new PreKeyBundle.DeviceBundle("laptop", identityKey, identityKey, new SignedPreKey(1, preKey, signature), null)))));
    }

    @Test
    void aDeletedAccountsDevicesAllLeaveTheDirectory() {
        fixture.given(registered("phone", List.of(oneTime(1))), registered("laptop", List.of()), registered("tablet", List.of()),
                        new DeviceKeysRemoved(USER, "tablet", T0))
                .when(new RemoveAllDeviceKeys(USER, T1))
                .expectEvents(new DeviceKeysRemoved(USER, "phone", T1), new DeviceKeysRemoved(USER, "laptop", T1));
    }

    @Test
    void removingADeviceTheDirectoryDoesNotHaveIsNotFound() {
        fixture.given(registered("phone", List.of()), new DeviceKeysRemoved(USER, "phone", T0), registered("laptop", List.of()))
                .when(new RemoveDeviceKeys(USER, "phone", T1))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("no such device")
                .expectNoEvents();
    }

    @Test
    void aRemovedDeviceFreesItsPlaceAmongTheSixteen() {
        List<Object> history = new java.util.ArrayList<>();
        for (int i = 1; i <= KeyDirectory.MAX_DEVICES; i++) {
            history.add(registered("device" + i, List.of()));
        }
        history.add(new DeviceKeysRemoved(USER, "device1", T0));
        fixture.given(history)
                .when(register("tablet", signature, List.of()))
                .expectEvents(registered("tablet", List.of()));
    }

    private RegisterDeviceKeys register(String deviceId, String signature, List<OneTimePreKey> oneTime) {
        return new RegisterDeviceKeys(USER, deviceId, identityKey, identityKey, new SignedPreKey(1, preKey, signature), oneTime, T0);
    }

    private DeviceKeysRegistered registered(String deviceId, List<OneTimePreKey> oneTime) {
        return new DeviceKeysRegistered(USER, deviceId, identityKey, identityKey, new SignedPreKey(1, preKey, signature), oneTime, T0);
    }

    private static OneTimePreKey oneTime(int keyId) {
        byte[] key = new byte[32];
        key[0] = (byte) keyId;
        return new OneTimePreKey(keyId, base64(key));
    }

    /** The raw 32 key bytes at the end of an X.509 encoded Ed25519 public key. */
    private static byte[] raw(byte[] x509) {
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
