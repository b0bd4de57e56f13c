package dev.messenger.command.privacy;

import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.privacy.Visibility;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrivacySettingsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-28T09:01:00Z");

    private FixtureConfiguration<PrivacySettings> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PrivacySettings.class);
    }

    @Test
    void firstChangeRecordsTheWholeSet() {
        fixture.givenNoPriorActivity()
                .when(new ChangePrivacySettings("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, T0))
                .expectEvents(new PrivacySettingsChanged("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, T0, Visibility.EVERYONE));
    }

    @Test
    void sameSettingsAgainChangeNothing() {
        fixture.given(new PrivacySettingsChanged("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, T0))
                .when(new ChangePrivacySettings("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anyDifferenceIsRecorded() {
        fixture.given(new PrivacySettingsChanged("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, T0))
                .when(new ChangePrivacySettings("u-1", true, Visibility.CONTACTS, Visibility.NOBODY, T1))
                .expectEvents(new PrivacySettingsChanged("u-1", true, Visibility.CONTACTS, Visibility.NOBODY, T1, Visibility.EVERYONE));
    }

    @Test
    void whoMayAddOneToGroupsIsKeptWhenNotGiven() {
        fixture.given(new PrivacySettingsChanged("u-1", true, Visibility.EVERYONE, Visibility.EVERYONE, T0, Visibility.NOBODY))
                .when(new ChangePrivacySettings("u-1", false, Visibility.EVERYONE, Visibility.EVERYONE, T1))
                .expectEvents(new PrivacySettingsChanged("u-1", false, Visibility.EVERYONE, Visibility.EVERYONE, T1, Visibility.NOBODY));
    }

    @Test
    void whoMayAddOneToGroupsIsASetting() {
        fixture.given(new PrivacySettingsChanged("u-1", true, Visibility.EVERYONE, Visibility.EVERYONE, T0))
                .when(new ChangePrivacySettings("u-1", true, Visibility.EVERYONE, Visibility.EVERYONE, T1, Visibility.CONTACTS))
                .expectEvents(new PrivacySettingsChanged("u-1", true, Visibility.EVERYONE, Visibility.EVERYONE, T1, Visibility.CONTACTS));
    }
}
