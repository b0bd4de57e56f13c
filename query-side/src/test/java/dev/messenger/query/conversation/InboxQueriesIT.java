package dev.messenger.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.projections.conversation.InboxProjection;
import dev.messenger.projections.support.Batches;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox as the projection writes it and the queries read it, on a real MongoDB-protocol server: archive, pins, paging. */
class InboxQueriesIT {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    private MongoDatabase db;
    private InboxProjection projection;
    private ConversationQueries queries;
    private String user;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        projection = new InboxProjection(db);
        queries = new ConversationQueries(db);
        user = "u-" + UUID.randomUUID();
    }

    /** Conversation i had its last activity at AT + i minutes. */
    private String conversation(int i) {
        String id = "g-" + i + "-" + user;
        Batches.handle(projection, new ConversationStarted(id, ConversationType.GROUP, "group " + i, user, List.of(user, "u-other"), AT));
        Batches.handle(projection, new MessageSent(id, "m-" + id, 1, "u-other", "hello " + i, null, null, AT.plusSeconds(60L * i)));
        return id;
    }

    private List<String> inbox(boolean archived, int pageSize) {
        List<String> ids = new ArrayList<>();
        Optional<ConversationQueries.InboxCursor> cursor = Optional.empty();
        do {
            InboxPage page = queries.findInbox(user, pageSize, cursor, archived).block();
            page.conversations().forEach(entry -> ids.add(entry.summary().conversationId()));
            cursor = page.next() == null ? Optional.empty() : ConversationQueries.InboxCursor.decode(page.next());
        } while (cursor.isPresent());
        return ids;
    }

    @Test
    void pinnedConversationsComeFirstThenTheNewestAcrossPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(conversation(i));
        }
        Batches.handle(projection, new ConversationStateChanged(ids.get(1), user, false, true, AT));
        Batches.handle(projection, new ConversationStateChanged(ids.get(4), user, false, true, AT));

        List<String> expected = List.of(ids.get(4), ids.get(1), ids.get(6), ids.get(5), ids.get(3), ids.get(2), ids.get(0));
        assertThat(inbox(false, 2)).containsExactlyElementsOf(expected);
        assertThat(inbox(false, 3)).containsExactlyElementsOf(expected);
        InboxEntry first = queries.findInbox(user, 1, Optional.empty(), false).block().conversations().get(0);
        assertThat(first.pinned()).isTrue();
        assertThat(first.archived()).isFalse();
    }

    @Test
    void anArchivedConversationIsListedApartAndComesBackWhenUnarchived() {
        String kept = conversation(1);
        String archived = conversation(2);
        Batches.handle(projection, new ConversationStateChanged(archived, user, true, false, AT));

        assertThat(inbox(false, 10)).containsExactly(kept);
        assertThat(inbox(true, 10)).containsExactly(archived);
        // a new message does not bring it back
        Batches.handle(projection, new MessageSent(archived, "m-2", 2, "u-other", "still there?", null, null, AT.plusSeconds(3600)));
        assertThat(inbox(false, 10)).containsExactly(kept);

        Batches.handle(projection, new ConversationStateChanged(archived, user, false, false, AT));
        assertThat(inbox(false, 10)).containsExactly(archived, kept);
        assertThat(inbox(true, 10)).isEmpty();
    }

    @Test
    void aMuteShowsUntilItEndsOrIsLifted() {
        String group = conversation(1);
        Instant until = Instant.now().plus(java.time.Duration.ofHours(8)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Batches.handle(projection, new ConversationMuted(group, user, until, AT));
        assertThat(mutedUntil(group)).isEqualTo(until);
        Batches.handle(projection, new ConversationMuted(group, user, null, AT));
        assertThat(mutedUntil(group)).isNull();
        Batches.handle(projection, new ConversationMuted(group, user, Instant.now().minusSeconds(60), AT));
        assertThat(mutedUntil(group)).as("a mute that has passed").isNull();
        assertThat(queries.findInbox("u-other", 10, Optional.empty(), false).block().conversations())
                .allSatisfy(entry -> assertThat(entry.mutedUntil()).as("another member's mute is theirs alone").isNull());
    }

    private Instant mutedUntil(String conversationId) {
        return queries.findInbox(user, 10, Optional.empty(), false).block().conversations().stream()
                .filter(entry -> entry.summary().conversationId().equals(conversationId)).findFirst().orElseThrow().mutedUntil();
    }

    @Test
    void leavingForgetsTheFlagsAndRejoiningStartsWithout() {
        String group = conversation(1);
        Batches.handle(projection, new ConversationStateChanged(group, user, true, true, AT));
        Batches.handle(projection, new ParticipantRemoved(group, user, user, AT));
        assertThat(inbox(true, 10)).isEmpty();
        Batches.handle(projection, new ParticipantAdded(group, user, "u-other", AT));
        assertThat(inbox(false, 10)).containsExactly(group);
        assertThat(queries.findInbox(user, 10, Optional.empty(), false).block().conversations().get(0).pinned()).isFalse();
    }

    @Test
    void pinsAreListedInTheOrderTheyWereMadeAndARedeliveredPinAddsNothing() {
        String group = conversation(1);
        MessagePinned second = new MessagePinned(group, "m-2", 2, user, AT.plusSeconds(1));
        Batches.handle(projection, new MessagePinned(group, "m-5", 5, "u-other", AT));
        Batches.handle(projection, second);
        Batches.handle(projection, second);

        assertThat(queries.findPins(group).block()).containsExactly(
                new ConversationQueries.Pin("m-5", 5, "u-other", AT),
                new ConversationQueries.Pin("m-2", 2, user, AT.plusSeconds(1)));
        Batches.handle(projection, new MessageUnpinned(group, "m-5", 5, user, AT.plusSeconds(2)));
        assertThat(queries.findPins(group).block()).extracting(ConversationQueries.Pin::messageId).containsExactly("m-2");
        assertThat(queries.findPins("g-unknown").block()).isEmpty();
    }

    @Test
    void aGroupsMembersCarryTheirRolesInTheOrderTheyJoinedAndItsDetailsFollowItsChanges() {
        String group = "g-roles-" + user;
        Batches.handle(projection, new ConversationStarted(group, ConversationType.GROUP, "Team", user, List.of(user, "u-bob"), AT));
        Batches.handle(projection, new ParticipantAdded(group, "u-carol", user, AT.plusSeconds(60), 0L));
        Batches.handle(projection, new ParticipantRoleChanged(group, "u-carol", ParticipantRole.ADMIN, user, 0, AT));
        Batches.handle(projection, new ConversationRenamed(group, "Team Berlin", user, 0, AT));
        Batches.handle(projection, new ConversationDescriptionChanged(group, "Plans", user, 0, AT));
        Batches.handle(projection, new ConversationPictureChanged(group, "md-1", user, 0, AT));
        ConversationDetails details = queries.findConversationDetails(group).block();
        assertThat(details.members()).extracting(m -> m.userId() + "=" + m.role())
                .containsExactly(user + "=owner", "u-bob=member", "u-carol=admin");
        assertThat(details.members().get(2).joinedAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(details.summary().title()).isEqualTo("Team Berlin");
        assertThat(details.description()).isEqualTo("Plans");
        assertThat(details.pictureMediaId()).isEqualTo("md-1");

        // the owner leaves and the admin takes over; the picture is removed
        Batches.handle(projection, new ParticipantRemoved(group, user, user, AT, 0L));
        Batches.handle(projection, new ParticipantRoleChanged(group, "u-carol", ParticipantRole.OWNER, null, 0, AT));
        Batches.handle(projection, new ConversationPictureChanged(group, null, "u-carol", 0, AT));
        details = queries.findConversationDetails(group).block();
        assertThat(details.members()).extracting(m -> m.userId() + "=" + m.role()).containsExactly("u-bob=member", "u-carol=owner");
        assertThat(details.pictureMediaId()).isNull();
    }

    @Test
    void aGroupWhoseOwnerLeftBeforeRolesExistedShowsItsLongestStandingMemberAsOwner() {
        String group = "g-legacy-" + user;
        Batches.handle(projection, new ConversationStarted(group, ConversationType.GROUP, "Old", user, List.of(user, "u-bob", "u-carol"), AT));
        Batches.handle(projection, new ParticipantRemoved(group, user, user, AT));
        assertThat(queries.findConversationDetails(group).block().members()).extracting(m -> m.userId() + "=" + m.role())
                .containsExactly("u-bob=owner", "u-carol=member");
    }
}
