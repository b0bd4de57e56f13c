package dev.messenger.events.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedBodyTest {

    private static final byte[] KEY = new byte[SealedBody.KEY_BYTES];
    private static final byte[] OTHER_KEY = new byte[SealedBody.KEY_BYTES];

    static {
        KEY[0] = 1;
        OTHER_KEY[0] = 2;
    }

    @Test
    void aBodyOpensWithItsMessagesKeyAndShowsNothingOfItself() {
        String sealed = SealedBody.seal("see you at 8 ✓", "m-1", KEY);
        assertThat(SealedBody.isSealed(sealed)).isTrue();
        assertThat(sealed).doesNotContain("see you");
        assertThat(SealedBody.open(sealed, "m-1", KEY)).isEqualTo("see you at 8 ✓");
        assertThat(SealedBody.seal("see you at 8 ✓", "m-1", KEY)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aBodyMovedToAnotherMessageOrOpenedWithAnotherKeyDoesNotOpen() {
        String sealed = SealedBody.seal("hello", "m-1", KEY);
        assertThatThrownBy(() -> SealedBody.open(sealed, "m-2", KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SealedBody.open(sealed, "m-1", OTHER_KEY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAlteredBodyDoesNotOpen() {
        byte[] raw = Base64.getDecoder().decode(SealedBody.seal("hello", "m-1", KEY).substring(SealedBody.PREFIX.length()));
        raw[raw.length - 1] ^= 1;
        String altered = SealedBody.PREFIX + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> SealedBody.open(altered, "m-1", KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SealedBody.open(SealedBody.PREFIX + "not base64!", "m-1", KEY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBodyStoredBeforeSealingIsNotTakenForASealedOne() {
        assertThat(SealedBody.isSealed("hello")).isFalse();
        assertThat(SealedBody.isSealed(null)).isFalse();
    }

    @Test
    void aFileIdOpensAsAFileIdOnlyNeverInABodysPlace() {
        String sealed = SealedBody.sealFileId("65f0c0ffee", "m-1", KEY);
        assertThat(sealed).startsWith(SealedBody.PREFIX).doesNotContain("65f0c0ffee");
        assertThat(SealedBody.openFileId(sealed, "m-1", KEY)).isEqualTo("65f0c0ffee");
        assertThatThrownBy(() -> SealedBody.open(sealed, "m-1", KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SealedBody.openFileId(SealedBody.seal("hello", "m-1", KEY), "m-1", KEY))
                .isInstanceOf(IllegalStateException.class);
    }
}
