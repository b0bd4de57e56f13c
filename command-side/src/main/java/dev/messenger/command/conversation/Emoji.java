package dev.messenger.command.conversation;

import net.fellbaum.jemoji.EmojiManager;
import net.fellbaum.jemoji.Qualification;

/**
 * What counts as a reaction: exactly one emoji of Unicode's recommended-for-general-interchange (RGI) list in its
 * fully-qualified form, the form emoji pickers send (ZWJ sequences, skin tones, flags and keycaps included). A
 * pictograph followed by any combining marks is one grapheme but not an emoji: each such variant would be another
 * key in a message's reactions, without limit.
 */
final class Emoji {

    /** The longest RGI sequence is 10 code points (a family or a kiss with skin tones): 35 UTF-16 units at most. */
    private static final int MAX_LENGTH = 35;

    private Emoji() {
    }

    static boolean isSingleEmoji(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH
                && EmojiManager.getEmoji(text).filter(emoji -> emoji.getQualification() == Qualification.FULLY_QUALIFIED).isPresent();
    }
}
