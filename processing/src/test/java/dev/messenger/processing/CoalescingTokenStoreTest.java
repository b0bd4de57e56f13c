package dev.messenger.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a segment's position reaches the token store, and when it must not wait. */
class CoalescingTokenStoreTest {

    private static final String PROCESSOR = "history";
    private final AtomicLong now = new AtomicLong();
    private final InMemoryTokenStore stored = new InMemoryTokenStore();
    private CoalescingTokenStore tokens;

    @BeforeEach
    void claimSegmentZero() {
        stored.initializeTokenSegments(PROCESSOR, 1, position(0));
        tokens = new CoalescingTokenStore(stored, Duration.ofSeconds(1), true, now::get);
        tokens.fetchToken(PROCESSOR, 0);
    }

    @Test
    void progressWithinTheIntervalWaitsAndIsWrittenWhenTheClaimIsReleased() {
        tokens.storeToken(position(5), PROCESSOR, 0);
        tokens.storeToken(position(9), PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(0));

        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(9));
    }

    @Test
    void theFirstClaimRenewalAfterTheIntervalWritesTheNewestProgress() {
        tokens.storeToken(position(5), PROCESSOR, 0);
        tokens.extendClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(0));

        now.addAndGet(Duration.ofMillis(1001).toNanos());
        tokens.extendClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(5));
    }

    @Test
    void progressAfterTheIntervalIsWrittenAtOnce() {
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        tokens.storeToken(position(5), PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(5));
    }

    @Test
    void aResetIsWrittenAtOnce() {
        TrackingToken reset = ReplayToken.createReplayToken(position(0), null);
        tokens.storeToken(reset, PROCESSOR, 0);
        assertThat(written()).isEqualTo(reset);
    }

    @Test
    void aReplayMovesOnFromItsFirstEventAndIsWrittenWhenReleased() {
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        TrackingToken reset = ReplayToken.createReplayToken(position(9), null);
        tokens.storeToken(reset, PROCESSOR, 0);
        tokens.fetchToken(PROCESSOR, 0); // the processor starts again and claims its segment
        TrackingToken first = ((ReplayToken) reset).advancedTo(position(1));
        TrackingToken second = ((ReplayToken) first).advancedTo(position(2));
        tokens.storeToken(first, PROCESSOR, 0);
        tokens.storeToken(second, PROCESSOR, 0);
        assertThat(written()).isEqualTo(first);

        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(second);
    }

    @Test
    void progressOfABatchThatRolledBackIsNeverWritten() {
        UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        tokens.storeToken(position(7), PROCESSOR, 0);
        failed.rollback();

        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(0));
    }

    @Test
    void progressOfABatchThatCommittedIsWrittenWithTheNextWrite() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        tokens.storeToken(position(7), PROCESSOR, 0);
        batch.commit();

        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(7));
    }

    @Test
    void aProjectionWhoseTokenCommitsWithItsWritesHasEveryPositionWritten() {
        CoalescingTokenStore transactional = new CoalescingTokenStore(stored, Duration.ofSeconds(1), false, now::get);
        transactional.fetchToken(PROCESSOR, 0);
        transactional.storeToken(position(3), PROCESSOR, 0);
        assertThat(written()).isEqualTo(position(3));
    }

    private TrackingToken written() {
        return stored.fetchToken(PROCESSOR, 0);
    }

    /** Positions as the JDBC event store makes them. */
    private static TrackingToken position(long index) {
        return GapAwareTrackingToken.newInstance(index, java.util.Set.of());
    }
}
