package dev.messenger.processing.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.projections.search.SearchIndex.Rebuild;
import java.util.List;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** When a rebuilt search index may replace the live one, read from the projection's tokens. */
class SearchIndexPromotionTest {

    private static final Rebuild REBUILD = new Rebuild("rebuild-2", 100);

    @Test
    void notWhileTheOldTokensAreStillThereBeforeTheResetStoresItsReplayTokens() {
        assertThat(SearchIndexPromotion.replayed(List.of(at(100), at(100)), REBUILD)).isFalse();
    }

    @Test
    void notOnTheFinishedReplayTokensOfAnEarlierRebuild() {
        TrackingToken earlier = replay("rebuild-1", 100, 100);
        assertThat(SearchIndexPromotion.replayed(List.of(earlier, earlier), REBUILD)).isFalse();
    }

    @Test
    void notWhileASegmentIsStillReplaying() {
        assertThat(SearchIndexPromotion.replayed(List.of(replay("rebuild-2", 100, 100), replay("rebuild-2", 100, 40)), REBUILD))
                .isFalse();
    }

    @Test
    void whenEverySegmentHoldsThisRebuildsReplayTokenAtTheResetPosition() {
        assertThat(SearchIndexPromotion.replayed(List.of(replay("rebuild-2", 100, 100), replay("rebuild-2", 100, 100)), REBUILD))
                .isTrue();
    }

    @Test
    void whenTheSegmentsHaveMovedPastTheHeadOfTheLogAtTheRebuildsStart() {
        assertThat(SearchIndexPromotion.replayed(List.of(at(101), replay("rebuild-2", 100, 100)), REBUILD)).isTrue();
    }

    @Test
    void notWithoutSegments() {
        assertThat(SearchIndexPromotion.replayed(List.of(), REBUILD)).isFalse();
    }

    private static TrackingToken at(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    private static TrackingToken replay(String rebuild, long resetAt, long current) {
        TrackingToken token = ReplayToken.createReplayToken(at(resetAt), null, rebuild);
        return ((ReplayToken) token).advancedTo(at(current));
    }
}
