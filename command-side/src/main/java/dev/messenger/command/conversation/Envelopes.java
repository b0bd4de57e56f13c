package dev.messenger.command.conversation;

import static dev.messenger.command.RuleViolation.Kind.INVALID;
import static dev.messenger.command.conversation.ConversationLimits.MAX_ENVELOPES;
import static dev.messenger.command.conversation.ConversationLimits.MAX_ENVELOPES_LENGTH;
import static dev.messenger.command.conversation.ConversationLimits.MAX_ENVELOPE_LENGTH;

import dev.messenger.command.RuleViolation;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelopes of an end-to-end encrypted message: one per recipient device, keyed {@code <userId>:<deviceId>} of a
 * participant's device, standard base64, bounded in number and size. No body and no server-readable file beside them.
 */
final class Envelopes {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private Envelopes() {
    }

    static void require(SendMessage command, Set<String> participants) {
        if (command.body() != null || command.media() != null) {
            throw new RuleViolation(INVALID, "this conversation is end-to-end encrypted: send ciphertexts, never a body or a plain file");
        }
        Map<String, String> envelopes = command.ciphertexts();
        if (envelopes == null || envelopes.isEmpty()) {
            throw new RuleViolation(INVALID, "an end-to-end encrypted message needs ciphertexts: one per recipient device");
        }
        if (envelopes.size() > MAX_ENVELOPES) {
            throw new RuleViolation(INVALID, "at most " + MAX_ENVELOPES + " envelopes per message");
        }
        long total = 0;
        for (Map.Entry<String, String> envelope : envelopes.entrySet()) {
            String key = envelope.getKey();
            int colon = key == null ? -1 : key.lastIndexOf(':');
            if (colon < 1 || !participants.contains(key.substring(0, colon)) || !DEVICE_ID.matcher(key.substring(colon + 1)).matches()) {
                throw new RuleViolation(INVALID, "each ciphertext is keyed <userId>:<deviceId> of a participant's device");
            }
            String value = envelope.getValue();
            if (value == null || value.isEmpty() || value.length() > MAX_ENVELOPE_LENGTH || !BASE64.matcher(value).matches()) {
                throw new RuleViolation(INVALID, "each ciphertext is standard base64 of at most 64 KiB");
            }
            total += value.length();
        }
        if (total > MAX_ENVELOPES_LENGTH) {
            throw new RuleViolation(INVALID, "an encrypted message's envelopes total at most 3 MiB");
        }
    }
}
