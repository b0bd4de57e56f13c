package dev.messenger.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.report.ConversationReported;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

class VisibleEventsTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final String ALICE = "u-alice";
    private static final String BOB = "u-bob";
    private static final String GROUP = "g-1";

    private final VisibleEvents visible = new VisibleEvents(ALICE);

    private static MessageSent message(long seq, String sender) {
        return new MessageSent(GROUP, "m-" + seq, seq, sender, "words " + seq, null, null, AT);
    }

    @Test
    void everyEventTypeOfTheLogIsEitherSharedOrPersonal() {
        Set<String> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.messenger.events").stream()
                .filter(type -> type.isAnnotatedWith(Revision.class))
                .map(JavaClass::getName).collect(Collectors.toSet());
        Set<String> placed = new HashSet<>();
        VisibleEvents.SHARED.forEach(type -> placed.add(type.getName()));
        VisibleEvents.PERSONAL.keySet().forEach(type -> placed.add(type.getName()));

        assertThat(events).hasSizeGreaterThan(30);
        assertThat(placed).containsAll(events);
    }

    @Test
    void aGroupsEventsAreTheUsersFromTheirJoinToTheirLeave() {
        visible.visible(GROUP, new ConversationStarted(GROUP, ConversationType.GROUP, "G", BOB, List.of(BOB), AT));

        assertThat(visible.visible(GROUP, message(1, BOB))).as("before the join").isNull();
        assertThat(visible.visible(GROUP, new ParticipantAdded(GROUP, ALICE, BOB, AT, 1L))).isNotNull();
        assertThat(visible.visible(GROUP, message(2, BOB))).as("while a member").isNotNull();
        assertThat(visible.visible(GROUP, new ParticipantRemoved(GROUP, ALICE, ALICE, AT, 2L))).as("the leave").isNotNull();
        assertThat(visible.visible(GROUP, message(3, BOB))).as("after the leave").isNull();
    }

    @Test
    void personalEventsAreTheirActorsOnlyEvenWhenTheyAreAboutTheUser() {
        visible.visible(GROUP, new ConversationStarted(GROUP, ConversationType.GROUP, "G", BOB, List.of(BOB, ALICE), AT));

        assertThat(visible.visible(GROUP, new ConversationMuted(GROUP, BOB, null, AT))).isNull();
        assertThat(visible.visible(GROUP, new ConversationMuted(GROUP, ALICE, null, AT))).isNotNull();
        assertThat(visible.visible(GROUP, new UserBlocked(GROUP, BOB, ALICE, AT))).as("a block of the user, by another").isNull();
        assertThat(visible.visible(GROUP, new ConversationReported(GROUP, "r-1", BOB, "m-1", ALICE, "spam", null, AT)))
                .as("a report about the user").isNull();
    }

    @Test
    void anEncryptedMessageComesWithoutItsEnvelopes() {
        visible.visible(GROUP, new ConversationStarted(GROUP, ConversationType.GROUP, "G", BOB, List.of(BOB, ALICE), AT));

        Object exported = visible.visible(GROUP, new EncryptedMessageSent(GROUP, "m-1", 1, BOB,
                Map.of(ALICE + ":phone", "AAAA", BOB + ":laptop", "BBBB"), null, null, AT, null));

        assertThat(((EncryptedMessageSent) exported).ciphertexts()).isEmpty();
    }
}
