package dev.messenger.query.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.events.receipt.MessagesRead;
import dev.messenger.projections.feed.FeedEpoch;
import dev.messenger.projections.feed.FeedProjection;
import dev.messenger.projections.feed.FeedWriter;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import dev.messenger.projections.support.RedisLossProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed projection on a real Redis, read back the way {@code /sync} and {@code /events} read it. */
class FeedProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static final ObjectMapper JSON = Engines.json();

    private FeedProjection projection;
    private FeedQueries feed;
    private String a;
    private String b;
    private String c;
    private String conversation;

    @BeforeEach
    void setUp() {
        var redis = Engines.redis();
        projection = new FeedProjection(redis, new FeedWriter(redis, 1000, new RedisLossProbe(redis)), JSON, new FeedEpoch(null, redis));
        feed = new FeedQueries(redis.reactive(), JSON, 100, Duration.ofMillis(200));
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = "u-a-" + run;
        b = "u-b-" + run;
        c = "u-c-" + run;
        conversation = "g-" + run;
    }

    @Test
    void aMessageReachesEveryMemberWithItsBody() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b, c), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, "hello", "c-1", null, AT));

        for (String member : List.of(a, b, c)) {
            assertThat(types(member)).containsExactly("conversation.created", "message.sent");
            JsonNode message = last(member, "message.sent");
            assertThat(message.get("body").asText()).isEqualTo("hello");
            assertThat(message.get("conversationId").asText()).isEqualTo(conversation);
            assertThat(message.get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void eachMemberGetsTheEnvelopesOfTheirOwnDevicesOnly() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Secret", a, List.of(a, b), AT, true));
        Batches.handle(projection, new EncryptedMessageSent(conversation, "m-1", 1, a,
                Map.of(a + ":d1", "QUFB", b + ":d1", "QkJC", b + ":d2", "Q0ND"), null, null, AT));

        JsonNode forB = last(b, "message.sent");
        assertThat(forB.get("encrypted").asBoolean()).isTrue();
        assertThat(forB.get("body").isNull()).isTrue();
        assertThat(fieldNames(forB.get("ciphertexts"))).containsExactlyInAnyOrder(b + ":d1", b + ":d2");
        assertThat(fieldNames(last(a, "message.sent").get("ciphertexts"))).containsExactly(a + ":d1");
    }

    @Test
    void aDeletedBodyLeavesEveryReplay() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, "regrettable", null, null, AT));
        Batches.handle(projection, new MessageDeleted(conversation, "m-1", 1, a, AT));

        JsonNode replayed = last(b, "message.sent");
        assertThat(replayed.get("body").isNull()).isTrue();
        assertThat(replayed.get("deleted").asBoolean()).isTrue();
        assertThat(types(b)).endsWith("message.deleted");
        assertThat(feed.findEntriesAfter(b, 0, 100).block()).noneMatch(entry -> entry.json().contains("regrettable"));
    }

    @Test
    void aFileWithoutACaptionIsNoDeletedMessageInAReplayUntilItIsDeleted() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, null, null, null, AT, MessageKind.MEDIA,
                new MediaRef("md-1", "image/png", 68, 1, 1)));

        JsonNode replayed = last(b, "message.sent");
        assertThat(replayed.get("deleted").asBoolean()).isFalse();
        assertThat(replayed.get("body").isNull()).isTrue();
        assertThat(replayed.get("media").get("mediaId").asText()).isEqualTo("md-1");

        // deleted, it goes as history's tombstone does: no body, no file
        Batches.handle(projection, new MessageDeleted(conversation, "m-1", 1, a, AT));
        JsonNode deleted = last(b, "message.sent");
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.has("media")).isFalse();
        // and what Redis keeps no longer says which file it was: entries refer to it as to a body
        var redis = Engines.redis();
        assertThat(redis.getStream(dev.messenger.projections.feed.FeedKeys.stream(b), org.redisson.client.codec.StringCodec.INSTANCE)
                .range(org.redisson.api.StreamMessageId.MIN, org.redisson.api.StreamMessageId.MAX).toString()).doesNotContain("md-1");
        assertThat(redis.getMap(dev.messenger.projections.feed.FeedKeys.bodies(conversation), org.redisson.client.codec.StringCodec.INSTANCE)
                .readAllMap().toString()).doesNotContain("md-1");
    }

    @Test
    void someoneWhoLeftIsToldAndGetsNothingAfter() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b, c), AT));
        Batches.handle(projection, new ParticipantRemoved(conversation, c, c, AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, "after you left", null, null, AT));

        // each change to a group comes twice: as participant.* for the clients that know only it, and as its service item
        assertThat(types(c)).containsExactly("conversation.created", "participant.removed", "member.left");
        assertThat(types(b)).containsExactly("conversation.created", "participant.removed", "member.left", "message.sent");
        JsonNode left = last(b, "member.left");
        assertThat(left.get("kind").asText()).isEqualTo("service");
        assertThat(left.get("userId").asText()).isEqualTo(c);
        assertThat(left.has("afterSeq")).as("recorded before events said where").isFalse();
    }

    @Test
    void aReadReceiptReachesOthersOnlyFromSomeoneWhoShowsThem() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, "hello", null, null, AT));
        Batches.handleInOneBatch(projection, b, new PrivacySettingsChanged(b, false, Visibility.EVERYONE, Visibility.EVERYONE, AT));
        Batches.handle(projection, new MessagesRead(conversation, b, 1, AT));
        assertThat(types(a)).doesNotContain("receipt.read");

        Batches.handleInOneBatch(projection, b, new PrivacySettingsChanged(b, true, Visibility.EVERYONE, Visibility.EVERYONE, AT));
        Batches.handle(projection, new MessagesRead(conversation, b, 1, AT));
        assertThat(types(a)).endsWith("receipt.read");
    }

    @Test
    void theReadersOwnDevicesLearnOfTheReadAndOfTheirMutesAndSettingsAndNobodyElseDoes() {
        Batches.handle(projection, new ConversationStarted(conversation, ConversationType.GROUP, "Team", a, List.of(a, b), AT));
        Batches.handle(projection, new MessageSent(conversation, "m-1", 1, a, "hello", null, null, AT));
        Batches.handleInOneBatch(projection, "privacy-" + b, new PrivacySettingsChanged(b, false, Visibility.CONTACTS, Visibility.NOBODY, AT));
        Batches.handle(projection, new MessagesRead(conversation, b, 1, AT));
        Batches.handle(projection, new ConversationMuted(conversation, b, AT.plusSeconds(3600), AT));

        assertThat(types(b)).endsWith("privacy.changed", "receipt.read", "conversation.muted");
        assertThat(types(a)).doesNotContain("privacy.changed", "receipt.read", "conversation.muted");
        JsonNode read = last(b, "receipt.read");
        assertThat(read.get("userId").asText()).isEqualTo(b);
        assertThat(read.get("upToSeq").asLong()).isEqualTo(1);
        JsonNode settings = last(b, "privacy.changed");
        assertThat(settings.get("readReceipts").asBoolean()).isFalse();
        assertThat(settings.get("lastSeen").asText()).isEqualTo("contacts");
        assertThat(settings.get("presence").asText()).isEqualTo("nobody");
        assertThat(last(b, "conversation.muted").get("until").asText()).isEqualTo("2026-12-06T10:00:00Z");

        // an unmute reaches them too
        Batches.handle(projection, new ConversationMuted(conversation, b, null, AT));
        assertThat(last(b, "conversation.muted").get("until").isNull()).isTrue();
    }

    private List<String> types(String userId) {
        return feed.findEntriesAfter(userId, 0, 100).block().stream().map(FeedEntry::type).toList();
    }

    private JsonNode last(String userId, String type) {
        List<FeedEntry> entries = feed.findEntriesAfter(userId, 0, 100).block();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).type().equals(type)) {
                try {
                    return JSON.readTree(entries.get(i).json());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("no " + type + " in the feed of " + userId);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
