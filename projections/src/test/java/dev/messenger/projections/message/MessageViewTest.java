package dev.messenger.projections.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.events.message.EncryptedMessageSent;
import dev.messenger.events.message.MediaRef;
import dev.messenger.events.message.MessageKind;
import dev.messenger.events.message.MessageSent;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's message shape, as history pages and the feed's {@code message.sent} both write it. */
class MessageViewTest {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void aPlainMessageHasItsBodyAndNoneOfTheOptionalFields() throws Exception {
        JsonNode json = json(MessageView.of(new MessageSent("g-1", "m-1", 1, "alice", "hello", null, null, AT)));
        assertThat(names(json)).containsExactly("conversationId", "messageId", "seq", "senderId", "body", "sentAt", "deleted", "reactions");
        assertThat(json.get("body").asText()).isEqualTo("hello");
        assertThat(json.get("sentAt").asText()).isEqualTo("2026-12-06T09:00:00Z");
        assertThat(json.get("reactions").isEmpty()).isTrue();
    }

    @Test
    void aFileWithoutACaptionStillHasABodyOfNull() throws Exception {
        JsonNode json = json(MessageView.of(new MessageSent("g-1", "m-1", 1, "alice", null, "c-1", "m-0", AT, MessageKind.MEDIA,
                new MediaRef("md-1", "audio/ogg", 10, null, null))));
        assertThat(json.has("body")).isTrue();
        assertThat(json.get("body").isNull()).isTrue();
        assertThat(names(json.get("media"))).containsExactly("mediaId", "contentType", "size");
        assertThat(json.get("replyTo").asText()).isEqualTo("m-0");
        assertThat(json.get("clientMessageId").asText()).isEqualTo("c-1");
    }

    @Test
    void anEncryptedMessageCarriesOnlyTheEnvelopesItIsGiven() throws Exception {
        MessageView sent = MessageView.of(new EncryptedMessageSent("g-1", "m-1", 1, "alice", Map.of("bob:d1", "QQ==", "carol:d1", "Qg=="),
                null, null, AT));
        assertThat(json(sent).has("ciphertexts")).isFalse();
        JsonNode forBob = json(sent.withCiphertexts(Map.of("bob:d1", "QQ==")));
        assertThat(forBob.get("encrypted").asBoolean()).isTrue();
        assertThat(forBob.get("body").isNull()).isTrue();
        assertThat(names(forBob.get("ciphertexts"))).containsExactly("bob:d1");
    }

    private static JsonNode json(MessageView view) throws Exception {
        return Engines.json().readTree(Engines.json().writeValueAsString(view));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
