package dev.messenger.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.messenger.events.block.UserBlocked;
import dev.messenger.events.block.UserUnblocked;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.conversation.ParticipantAdded;
import dev.messenger.events.conversation.ParticipantRemoved;
import dev.messenger.events.conversation.ParticipantRole;
import dev.messenger.events.conversation.ParticipantRoleChanged;
import dev.messenger.events.conversation.ConversationRenamed;
import dev.messenger.events.conversation.ConversationDescriptionChanged;
import dev.messenger.events.conversation.ConversationPictureChanged;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.QuotedMessage;
import dev.messenger.events.conversation.ConversationStateChanged;
import dev.messenger.events.pin.MessagePinned;
import dev.messenger.events.pin.MessageUnpinned;
import dev.messenger.events.privacy.PrivacySettingsChanged;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.reaction.ReactionRemoved;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.messenger.events.conversation.ConversationMuted;
import dev.messenger.events.keys.ClaimedPreKey;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.OneTimePreKey;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.events.keys.PreKeyBundleClaimed;
import dev.messenger.events.keys.SignedPreKey;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemaTest {

    private static final Instant AT = Instant.parse("2026-11-28T09:00:00.123Z");

    /** One realistic instance of every event; a new event class without a sample fails the first test. */
    static final Map<Class<?>, Object> SAMPLES = Map.ofEntries(
            Map.entry(ConversationStarted.class, new ConversationStarted("d-1", ConversationType.DIRECT, null, "u-1", List.of("u-1", "u-2"), AT, false, "u-2")),
            Map.entry(ConversationStateChanged.class, new ConversationStateChanged("g-1", "u-2", true, false, AT)),
            Map.entry(MessagePinned.class, new MessagePinned("g-1", "m-1", 1, "u-1", AT)),
            Map.entry(MessageUnpinned.class, new MessageUnpinned("g-1", "m-1", 1, "u-1", AT)),
            Map.entry(ConversationMuted.class, new ConversationMuted("g-1", "u-2", AT.plusSeconds(3600), AT)),
            Map.entry(ParticipantAdded.class, new ParticipantAdded("g-1", "u-3", "u-1", AT, 4L)),
            Map.entry(ParticipantRemoved.class, new ParticipantRemoved("g-1", "u-3", "u-3", AT, 5L)),
            Map.entry(ParticipantRoleChanged.class, new ParticipantRoleChanged("g-1", "u-2", ParticipantRole.ADMIN, "u-1", 5, AT)),
            Map.entry(dev.messenger.events.report.ConversationReported.class, new dev.messenger.events.report.ConversationReported(
                    "g-1", "r-1", "u-2", "m-1", "u-1", "spam", "buy now", AT)),
            Map.entry(dev.messenger.events.conversation.MessageRequestAccepted.class,
                    new dev.messenger.events.conversation.MessageRequestAccepted("d-1", "u-2", AT)),
            Map.entry(dev.messenger.events.conversation.MessageRequestDeclined.class,
                    new dev.messenger.events.conversation.MessageRequestDeclined("d-1", "u-2", AT)),
            Map.entry(dev.messenger.events.conversation.ParticipantInvited.class,
                    new dev.messenger.events.conversation.ParticipantInvited("g-1", "i-1", "u-3", "u-1", "Team", AT)),
            Map.entry(dev.messenger.events.conversation.InvitationAccepted.class,
                    new dev.messenger.events.conversation.InvitationAccepted("g-1", "i-1", "u-3", "u-1", AT)),
            Map.entry(dev.messenger.events.conversation.InvitationDeclined.class,
                    new dev.messenger.events.conversation.InvitationDeclined("g-1", "i-1", "u-3", "u-1", AT)),
            Map.entry(dev.messenger.events.conversation.InviteLinkCreated.class,
                    new dev.messenger.events.conversation.InviteLinkCreated("g-1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true, "u-1", null, AT)),
            Map.entry(dev.messenger.events.conversation.InviteLinkRevoked.class,
                    new dev.messenger.events.conversation.InviteLinkRevoked("g-1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "u-1", AT)),
            Map.entry(dev.messenger.events.conversation.JoinRequested.class,
                    new dev.messenger.events.conversation.JoinRequested("g-1", "u-4", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", List.of("u-1"), AT)),
            Map.entry(dev.messenger.events.conversation.JoinRequestDeclined.class,
                    new dev.messenger.events.conversation.JoinRequestDeclined("g-1", "u-4", "u-1", AT)),
            Map.entry(ConversationRenamed.class, new ConversationRenamed("g-1", "Team (berlin)", "u-1", 5, AT)),
            Map.entry(ConversationDescriptionChanged.class, new ConversationDescriptionChanged("g-1", "Where the team talks", "u-1", 5, AT)),
            Map.entry(ConversationPictureChanged.class, new ConversationPictureChanged("g-1", "md-7", "u-1", 5, AT)),
            Map.entry(MessageSent.class, new MessageSent("g-1", "m-3", 3, "u-1", "look", "c-1", "m-1", AT, MessageKind.MEDIA,
                    new MediaRef("md-1", "video/mp4", 2048, 640, 480, 4_000L, null), new QuotedMessage("m-1", 1, "u-2"), true,
                    new dev.messenger.events.message.Mentions(List.of("u-2"), false))),
            Map.entry(EncryptedMessageSent.class, new EncryptedMessageSent("g-1", "m-2", 2, "u-1",
                    Map.of("u-2:phone", "c2VhbGVkIGZvciB1LTI=", "u-1:laptop", "c2VhbGVkIGZvciB1LTE="), "c-2", "m-1", AT,
                    new QuotedMessage("m-1", 1, "u-2"), new dev.messenger.events.message.Mentions(List.of(), true))),
            Map.entry(MessageEdited.class, new MessageEdited("g-1", "m-1", 1, "u-1", "hello again", AT)),
            Map.entry(MessageDeleted.class, new MessageDeleted("g-1", "m-1", 1, "u-1", AT)),
            Map.entry(MessagesDelivered.class, new MessagesDelivered("g-1", "u-2", 1, AT)),
            Map.entry(MessagesRead.class, new MessagesRead("g-1", "u-2", 1, AT)),
            Map.entry(ReactionAdded.class, new ReactionAdded("g-1", "m-1", 1, "u-2", "\uD83D\uDC4D", AT)),
            Map.entry(ReactionRemoved.class, new ReactionRemoved("g-1", "m-1", 1, "u-2", "\uD83D\uDC4D", AT)),
            Map.entry(UserBlocked.class, new UserBlocked("d-1", "u-1", "u-2", AT)),
            Map.entry(UserUnblocked.class, new UserUnblocked("d-1", "u-1", "u-2", AT)),
            Map.entry(DeviceKeysRegistered.class, new DeviceKeysRegistered("u-1", "phone", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                    new SignedPreKey(1, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=="), List.of(new OneTimePreKey(7, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")), AT)),
            Map.entry(PreKeyBundleClaimed.class, new PreKeyBundleClaimed("u-1", "u-2", List.of(new ClaimedPreKey("phone", 7)), AT)),
            Map.entry(DeviceKeysRemoved.class, new DeviceKeysRemoved("u-1", "phone", AT)),
            Map.entry(PrivacySettingsChanged.class, new PrivacySettingsChanged("u-1", false, Visibility.CONTACTS, Visibility.NOBODY, AT, Visibility.CONTACTS)));

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyEventClassHasASchemaAndASample() throws Exception {
        Set<Class<?>> events = eventClasses();
        assertThat(events).isNotEmpty();
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(events);
        for (Class<?> event : events) {
            assertThat(event.isRecord()).as(event + " is a record").isTrue();
            assertThat(EventSchemaTest.class.getResource(schemaPath(event))).as("schema of " + event.getSimpleName()).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("sampledEvents")
    void theSchemaIsOfTheRevisionTheClassDeclares(Class<?> event) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(schemaPath(event))) {
            String id = mapper.readTree(in).get("$id").asText();
            assertThat(id).endsWith("/" + event.getSimpleName() + "/" + event.getAnnotation(Revision.class).value());
        }
    }

    static Stream<Class<?>> sampledEvents() {
        return SAMPLES.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("sampledEvents")
    void serializedSampleValidatesAgainstItsSchema(Class<?> event) throws IOException {
        JsonNode json = mapper.valueToTree(SAMPLES.get(event));
        assertThat(schemaOf(event).validate(json)).as(event.getSimpleName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("sampledEvents")
    void schemaRejectsAnEventWithoutItsAggregateId(Class<?> event) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode json = mapper.valueToTree(SAMPLES.get(event));
        json.remove(json.has("conversationId") ? "conversationId" : "userId");
        Set<ValidationMessage> errors = schemaOf(event).validate(json);
        assertThat(errors).isNotEmpty();
    }

    private static JsonSchema schemaOf(Class<?> event) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(schemaPath(event))) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }

    private static String schemaPath(Class<?> event) {
        return "/schemas/" + event.getSimpleName() + ".schema.json";
    }

    /** Every class of this module that carries a @Revision: the event types. */
    private static Set<Class<?>> eventClasses() throws IOException, URISyntaxException {
        Path root = Path.of(ConversationIds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(EventSchemaTest::load)
                    .filter(c -> c.isAnnotationPresent(Revision.class))
                    .collect(Collectors.toSet());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
