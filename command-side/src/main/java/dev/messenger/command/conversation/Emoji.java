package dev.messenger.command.conversation;

import net.fellbaum.jemoji.EmojiManager;
import net.fellbaum.jemoji.Qualification;

/**
 * What counts as a reaction: exactly one emoji of Unicode's recommended-for-general-interchange (RGI) list in its
 * fully-qualified form, the form emoji pickers send (ZWJ sequences, skin tones, flags and keycaps included). A
 * pictograph followed by any combining marks is one grapheme but not an emoji: each such variant would be another
 * key in a message's reactions, without limit.
 */
public final class Emoji {

    /** The longest RGI sequence is 10 code points (a family or a kiss with skin tones): 35 UTF-16 units at most. */
    private static final int MAX_LENGTH = 35;

    /**
     * Every fully-qualified RGI emoji, as text. Looked up exactly: the library's own lookup ignores variation selectors
     * and answered the unqualified entry for a fully-qualified emoji whose default presentation is text (airplane,
     * victory hand, snowflake ...), which refused what every picker sends.
     */
    private static final java.util.Set<String> FULLY_QUALIFIED = EmojiManager.getAllEmojis().stream()
            .filter(emoji -> emoji.getQualification() == Qualification.FULLY_QUALIFIED)
            .map(net.fellbaum.jemoji.Emoji::getEmoji)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private Emoji() {
    }

    public static boolean isSingleEmoji(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH && FULLY_QUALIFIED.contains(text);
    }
}
