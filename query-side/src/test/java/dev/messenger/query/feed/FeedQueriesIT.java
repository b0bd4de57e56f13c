package dev.messenger.query.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.projections.feed.FeedKeys;
import dev.messenger.projections.feed.FeedWriter;
import dev.messenger.projections.support.Engines;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamTrimArgs;
import org.redisson.client.codec.StringCodec;
import reactor.test.StepVerifier;

/** Replay-then-live on a real Redis: no gap, no duplicate, and a reset where entries are gone. */
class FeedQueriesIT {

    private FeedWriter writer;
    private FeedQueries feed;
    private String user;

    @BeforeEach
    void setUp() {
        writer = new FeedWriter(Engines.redis(), 1000, new dev.messenger.projections.support.RedisLossProbe(Engines.redis()));
        feed = new FeedQueries(Engines.redis().reactive(), Engines.json(), 100, Duration.ofMillis(200));
        user = "u-" + UUID.randomUUID();
    }

    @Test
    void positionsAreGaplessAndARedeliveredEventAppendsNothing() {
        append(1);
        append(2);
        append(2);
        append(3);
        List<FeedEntry> entries = feed.findEntriesAfter(user, 0, 100).block();
        assertThat(entries).extracting(FeedEntry::position).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStreamReplaysWhatWasMissedThenGoesLiveWithoutGapOrDuplicate() {
        append(1);
        append(2);
        append(3);
        StepVerifier.create(feed.streamEntriesAfter(user, 1).take(4))
                .expectNextMatches(e -> e.position() == 2)
                .expectNextMatches(e -> e.position() == 3)
                .then(() -> {
                    append(4);
                    append(5);
                })
                .expectNextMatches(e -> e.position() == 4)
                .expectNextMatches(e -> e.position() == 5)
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void anEntryWhoseLiveMessageWasLostReachesAnOpenStreamThroughTheHeadCheck() {
        append(1);
        StepVerifier.create(feed.streamEntriesAfter(user, 0).take(3))
                .expectNextMatches(e -> e.position() == 1)
                .then(() -> storeWithoutPublishing(2)) // as when the subscriber's connection dropped while it was published
                .expectNextMatches(e -> e.position() == 2 && e.json().equals("{\"n\":2}"))
                .then(() -> append(3))
                .expectNextMatches(e -> e.position() == 3)
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    /** The feed's stored form of an entry (see FeedWriter's script), minus its PUBLISH. */
    private void storeWithoutPublishing(long sequence) {
        long n = Engines.redis().getAtomicLong(FeedKeys.position(user)).incrementAndGet();
        Engines.redis().<String, String>getStream(FeedKeys.stream(user), StringCodec.INSTANCE).add(new StreamMessageId(n, 1),
                StreamAddArgs.entries(java.util.Map.of(FeedKeys.TYPE_FIELD, "conversation.created", FeedKeys.DATA_FIELD, "{\"n\":" + sequence + "}",
                        FeedKeys.CONVERSATION_FIELD, "c-1", FeedKeys.MESSAGE_FIELD, "")));
        Engines.redis().getMap(FeedKeys.applied(user), StringCodec.INSTANCE).put("c-1", String.valueOf(sequence));
    }

    @Test
    void resumingBeforeTheOldestKeptEntryStartsWithAReset() {
        for (int i = 1; i <= 5; i++) {
            append(i);
        }
        Engines.redis().getStream(FeedKeys.stream(user), StringCodec.INSTANCE).trim(StreamTrimArgs.maxLen(2).noLimit());
        List<FeedEntry> entries = feed.findEntriesAfter(user, 1, 100).block();
        assertThat(entries.get(0).isReset()).isTrue();
        assertThat(entries.get(0).position()).isEqualTo(3);
        assertThat(entries.subList(1, entries.size())).extracting(FeedEntry::position).containsExactly(4L, 5L);
    }

    @Test
    void aPositionOfAnEarlierEpochGetsAResetAndAnOpenStreamEndsWithOneWhenANewEpochBegins() {
        var epoch = Engines.redis().getAtomicLong(FeedKeys.EPOCH);
        epoch.set(2);
        try {
            long base = 2 * FeedKeys.EPOCH_SPAN;
            append(1);
            append(2);
            assertThat(feed.findEntriesAfter(user, 0, 100).block()).extracting(FeedEntry::position).containsExactly(base + 1, base + 2);
            assertThat(feed.findEntriesAfter(user, base + 1, 100).block()).extracting(FeedEntry::position).containsExactly(base + 2);
            List<FeedEntry> fromEpochZero = feed.findEntriesAfter(user, 1, 100).block();
            assertThat(fromEpochZero).hasSize(1);
            assertThat(fromEpochZero.get(0).isReset()).isTrue();
            assertThat(fromEpochZero.get(0).position()).isEqualTo(base + 2);

            StepVerifier.create(feed.streamEntriesAfter(user, base + 2))
                    .then(() -> append(3))
                    .expectNextMatches(e -> e.position() == base + 3)
                    .then(() -> {
                        sleep(300); // this node's subscription to epoch announcements is up
                        epoch.set(3);
                        Engines.redis().getTopic(FeedKeys.EPOCH_CHANNEL, StringCodec.INSTANCE).publish("3");
                    })
                    .expectNextMatches(e -> e.isReset() && e.position() == 3 * FeedKeys.EPOCH_SPAN)
                    .expectComplete()
                    .verify(Duration.ofSeconds(20));
        } finally {
            epoch.delete();
        }
    }

    @Test
    void anOpenStreamEndsWithAResetWhenANewEpochBeganWithoutItsAnnouncementArriving() {
        var epoch = Engines.redis().getAtomicLong(FeedKeys.EPOCH);
        epoch.set(2);
        try {
            long base = 2 * FeedKeys.EPOCH_SPAN;
            append(1);
            StepVerifier.create(feed.streamEntriesAfter(user, 0))
                    .expectNextMatches(e -> e.position() == base + 1)
                    .then(() -> epoch.set(3)) // as when the announcement was published while this node's subscription was reconnecting
                    .expectNextMatches(e -> e.isReset() && e.position() == 3 * FeedKeys.EPOCH_SPAN)
                    .expectComplete()
                    .verify(Duration.ofSeconds(20));
        } finally {
            epoch.delete();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aClientAheadOfTheFeedIsToldToResync() {
        append(1);
        List<FeedEntry> entries = feed.findEntriesAfter(user, 9, 100).block();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).isReset()).isTrue();
        assertThat(entries.get(0).position()).isEqualTo(1);
    }

    @Test
    void aReplayCarriesTheCurrentBodyOrNoneOnceDeleted() {
        Engines.redis().getMap(FeedKeys.bodies("c-1"), StringCodec.INSTANCE).put("m-1", "edited body");
        writer.append(Set.of(user), "c-1", 1, "message.sent", "{\"messageId\":\"m-1\"}", "{\"messageId\":\"m-1\",\"body\":\"x\"}", "m-1");
        writer.append(Set.of(user), "c-1", 2, "message.sent", "{\"messageId\":\"m-2\"}", "{\"messageId\":\"m-2\",\"body\":\"y\"}", "m-2");
        List<FeedEntry> entries = feed.findEntriesAfter(user, 0, 100).block();
        assertThat(entries.get(0).json()).contains("\"body\":\"edited body\"");
        assertThat(entries.get(1).json()).contains("\"body\":null").contains("\"deleted\":true");
    }

    @Test
    void aLongReplayIsReadPageByPageAsItIsConsumedAndStaysGaplessAcrossPages() {
        int entries = FeedQueries.STREAM_PAGE * 3 + 7;
        for (int i = 1; i <= entries; i++) {
            append(i);
        }
        // a reader that asked for one page's worth holds no more than that, and the rest follows on demand
        StepVerifier.create(feed.replayAfter(user, 0), FeedQueries.STREAM_PAGE)
                .expectNextCount(FeedQueries.STREAM_PAGE)
                .expectNoEvent(Duration.ofMillis(300))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(entries - FeedQueries.STREAM_PAGE)
                .expectComplete()
                .verify(Duration.ofSeconds(20));
        List<FeedEntry> all = feed.replayAfter(user, 3).collectList().block();
        assertThat(all).extracting(FeedEntry::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(4, entries).boxed().toList());
    }

    private void append(long sequence) {
        writer.append(Set.of(user), "c-1", sequence, "conversation.created", "{\"n\":" + sequence + "}");
    }
}
