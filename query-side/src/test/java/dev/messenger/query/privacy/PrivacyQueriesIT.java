package dev.messenger.query.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.projections.privacy.PrivacyKeys;
import dev.messenger.projections.privacy.PrivacyProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The privacy projection and its queries on a real Redis: what a user chose is read back; a user who never chose gets
 * the defaults only while the projection is complete, and the most private choice otherwise.
 */
class PrivacyQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    private RedissonClient redis;
    private PrivacyProjection projection;
    private PrivacyQueries privacy;
    private String chooser;
    private String neverChose;

    @BeforeEach
    void setUp() {
        redis = Engines.redis();
        projection = new PrivacyProjection(redis);
        privacy = new PrivacyQueries(redis.reactive());
        chooser = "u-" + UUID.randomUUID();
        neverChose = "u-" + UUID.randomUUID();
        redis.getBucket(PrivacyKeys.COMPLETE).set("1");
    }

    @Test
    void aUsersChoiceIsReadBackAndOthersGetTheDefaults() {
        change(chooser, false, Visibility.CONTACTS, Visibility.NOBODY);

        Map<String, PrivacyQueries.Settings> settings = privacy.findSettings(List.of(chooser, neverChose)).block();
        assertThat(settings.get(chooser)).isEqualTo(new PrivacyQueries.Settings(false, Visibility.CONTACTS, Visibility.NOBODY));
        assertThat(settings.get(neverChose)).isEqualTo(PrivacyQueries.DEFAULTS);
    }

    @Test
    void theLatestChoiceWins() {
        change(chooser, false, Visibility.NOBODY, Visibility.NOBODY);
        change(chooser, true, Visibility.EVERYONE, Visibility.CONTACTS);

        assertThat(privacy.findSettings(chooser).block()).isEqualTo(new PrivacyQueries.Settings(true, Visibility.EVERYONE, Visibility.CONTACTS));
    }

    @Test
    void whoMayAddOneToGroupsIsReadBackAndValuesStoredBeforeItLetEveryone() {
        Batches.handleInOneBatch(projection, chooser, new PrivacySettingsChanged(chooser, true, Visibility.EVERYONE, Visibility.EVERYONE, AT,
                Visibility.CONTACTS));
        assertThat(privacy.findSettings(chooser).block().groupAdds()).isEqualTo(Visibility.CONTACTS);

        redis.getBucket(PrivacyKeys.key(neverChose), org.redisson.client.codec.StringCodec.INSTANCE).set("1|NOBODY|NOBODY");
        assertThat(privacy.findSettings(neverChose).block()).isEqualTo(new PrivacyQueries.Settings(true, Visibility.NOBODY,
                Visibility.NOBODY, Visibility.EVERYONE));
        assertThat(PrivacyQueries.MOST_PRIVATE.groupAdds()).isEqualTo(Visibility.NOBODY);
    }

    @Test
    void whileRebuiltEveryoneWithoutStoredSettingsIsMostPrivate() {
        change(chooser, true, Visibility.CONTACTS, Visibility.CONTACTS);
        Batches.reset(projection);

        // the reset removed both the settings and the completeness mark: nobody can be told apart from "lost"
        assertThat(privacy.findSettings(List.of(chooser, neverChose)).block().values()).containsOnly(PrivacyQueries.MOST_PRIVATE);
        change(chooser, true, Visibility.CONTACTS, Visibility.CONTACTS);
        assertThat(privacy.findSettings(chooser).block()).isEqualTo(new PrivacyQueries.Settings(true, Visibility.CONTACTS, Visibility.CONTACTS));
        assertThat(privacy.findSettings(neverChose).block()).isEqualTo(PrivacyQueries.MOST_PRIVATE);
    }

    private void change(String userId, boolean readReceipts, Visibility lastSeen, Visibility presence) {
        Batches.handleInOneBatch(projection, userId, new PrivacySettingsChanged(userId, readReceipts, lastSeen, presence, AT));
    }
}
