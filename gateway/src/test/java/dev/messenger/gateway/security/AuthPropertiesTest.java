package dev.messenger.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin role is never configured by username. */
class AuthPropertiesTest {

    private static AuthProperties with(List<String> adminUsers) {
        return new AuthProperties("issuer", "audience", Duration.ofHours(1), null, adminUsers, Duration.ofSeconds(30), 0, null, null);
    }

    @Test
    void aListOfAdminUsernamesIsRefusedAtStart() {
        assertThatThrownBy(() -> with(List.of("ops_admin"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ops/messenger admin grant");
    }

    @Test
    void anEmptyOrAbsentListStarts() {
        assertThatCode(() -> with(null)).doesNotThrowAnyException();
        assertThatCode(() -> with(List.of())).doesNotThrowAnyException();
        assertThatCode(() -> with(List.of(""))).doesNotThrowAnyException();
    }
}
