package dev.messenger.processing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token store that writes a segment's progress at most once per interval. A tracking processor stores its
 * token after every batch, and under a live load a batch is one or two events: nine projections made about
 * fifteen token writes per message, and an idle segment renewed its claim ten times a second. Here a processor
 * that moves forward within the interval only has its newest token remembered; it is written with the next write
 * after the interval (the idle loop's claim renewal comes every availability timeout), and always before the claim
 * is released, so a node that stops or hands a segment over leaves its exact position.
 *
 * <p>What it costs: a node that dies has up to one interval of progress unwritten, and the node that takes the
 * segment over handles those events again. The projections are idempotent for that (upserts keyed by sequence,
 * the feed's per-conversation applied marks), as they are for a batch that failed half-way. A projection that must
 * not see an event twice keeps its token in the same transaction as its writes: give it {@code deferProgress =
 * false} and only its claim renewals are thinned.
 *
 * <p>What is never deferred: a token that does not simply move forward from the last one known (a reset, the
 * start or the end of a replay, a token of another node), and a write whose unit of work does not commit: the
 * remembered token is the one of the last batch that committed.
 */
public final class CoalescingTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(CoalescingTokenStore.class);

    private final TokenStore delegate;
    private final long intervalNanos;
    private final boolean deferProgress;
    private final LongSupplier nanoClock;
    private final Map<Key, Progress> segments = new ConcurrentHashMap<>();

    private record Key(String processor, int segment) {
    }

    /** What this node knows of a segment it holds: when its token was last written, and what is not yet. */
    private static final class Progress {
        long writtenAt;
        TrackingToken known;
        TrackingToken unwritten;

        Progress(long writtenAt, TrackingToken known) {
            this.writtenAt = writtenAt;
            this.known = known;
        }
    }

    public CoalescingTokenStore(TokenStore delegate, Duration interval, boolean deferProgress) {
        this(delegate, interval, deferProgress, System::nanoTime);
    }

    CoalescingTokenStore(TokenStore delegate, Duration interval, boolean deferProgress, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.intervalNanos = interval.toNanos();
        this.deferProgress = deferProgress;
        this.nanoClock = nanoClock;
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        Progress progress = segments.get(key);
        if (deferProgress && progress != null && token != null && recent(progress) && movesForward(progress.known, token)) {
            synchronized (progress) {
                progress.known = token;
            }
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> remember(progress, token));
            } else {
                remember(progress, token);
            }
            return;
        }
        delegate.storeToken(token, processorName, segment);
        segments.put(key, new Progress(nanoClock.getAsLong(), token));
    }

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        Progress progress = segments.get(new Key(processorName, segment));
        if (progress == null) {
            delegate.extendClaim(processorName, segment);
            return;
        }
        synchronized (progress) {
            if (recent(progress)) {
                return; // the claim was written within the interval: far inside the claim timeout
            }
            write(processorName, segment, progress);
        }
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        flush(key);
        TrackingToken token = delegate.fetchToken(processorName, segment);
        segments.put(key, new Progress(nanoClock.getAsLong(), token));
        return token;
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment) throws UnableToClaimTokenException {
        return fetchToken(processorName, segment.getSegmentId());
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        Key key = new Key(processorName, segment);
        try {
            flush(key);
        } finally {
            segments.remove(key);
            delegate.releaseClaim(processorName, segment);
        }
    }

    /** Writes every segment's unwritten progress now (a node shutting down). */
    public void flushAll() {
        segments.keySet().forEach(this::flush);
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount, @Nullable TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment)
            throws UnableToInitializeTokenException {
        segments.remove(new Key(processorName, segment));
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) throws UnableToClaimTokenException {
        segments.remove(new Key(processorName, segment));
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(@Nonnull String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(@Nonnull String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }

    private boolean recent(Progress progress) {
        return nanoClock.getAsLong() - progress.writtenAt < intervalNanos;
    }

    private static void remember(Progress progress, TrackingToken token) {
        synchronized (progress) {
            progress.unwritten = token;
        }
    }

    private void flush(Key key) {
        Progress progress = segments.get(key);
        if (progress == null) {
            return;
        }
        synchronized (progress) {
            if (progress.unwritten != null) {
                try {
                    write(key.processor(), key.segment(), progress);
                } catch (UnableToClaimTokenException e) {
                    // another node holds the segment now: it goes on from what was last written
                    log.warn("could not write the position of {} segment {}: {}", key.processor(), key.segment(), e.getMessage());
                }
            }
        }
    }

    /** Writes the unwritten token (or renews the claim when there is none); called holding the progress lock. */
    private void write(String processorName, int segment, Progress progress) {
        if (progress.unwritten != null) {
            delegate.storeToken(progress.unwritten, processorName, segment);
            progress.unwritten = null;
        } else {
            delegate.extendClaim(processorName, segment);
        }
        progress.writtenAt = nanoClock.getAsLong();
    }

    /**
     * Whether {@code next} is the same kind of token as {@code known} and covers it: plain progress of a segment.
     * A reset (a replay token over a plain one), the end of a replay (the other way round) and anything unexpected
     * are written at once.
     */
    private static boolean movesForward(TrackingToken known, TrackingToken next) {
        if (known == null || (known instanceof ReplayToken) != (next instanceof ReplayToken)) {
            return false;
        }
        if (known instanceof ReplayToken before && next instanceof ReplayToken after
                && !java.util.Objects.equals(before.getTokenAtReset(), after.getTokenAtReset())) {
            return false;
        }
        // positions compared as the tokens they wrap: a replay's current token is null before its first event, and
        // Axon's tokens refuse to be compared with a token of another type
        TrackingToken from = known instanceof ReplayToken replay ? replay.getCurrentToken() : known;
        TrackingToken to = next instanceof ReplayToken replay ? replay.getCurrentToken() : next;
        if (from == null || to == null || from.getClass() != to.getClass()) {
            return false;
        }
        try {
            return to.covers(from);
        } catch (IllegalArgumentException e) {
            return false; // tokens Axon cannot compare (a replay token wrapping another one): written at once
        }
    }
}
