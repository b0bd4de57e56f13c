package dev.messenger.command.conversation;

import java.util.regex.Pattern;

/** What counts as a reaction: exactly one emoji (one grapheme cluster, ZWJ sequences and skin tones included). */
final class Emoji {

    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");
    private static final int MAX_LENGTH = 32;
    private static final int KEYCAP = 0x20E3;

    private Emoji() {
    }

    static boolean isSingleEmoji(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !ONE_GRAPHEME.matcher(text).matches()) {
            return false;
        }
        int first = text.codePointAt(0);
        return isPictographic(first) || text.codePoints().anyMatch(cp -> cp == KEYCAP) && isKeycapBase(first);
    }

    /** The Extended_Pictographic and regional-indicator blocks where emoji live. */
    private static boolean isPictographic(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF)   // mahjong ... symbols and pictographs extended-A, flags' regional indicators
                || (cp >= 0x2600 && cp <= 0x27BF)  // misc symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF)  // misc technical (watch, hourglass ...)
                || (cp >= 0x2B00 && cp <= 0x2BFF)  // arrows, stars, circles
                || (cp >= 0x2190 && cp <= 0x21FF)  // arrows
                || (cp >= 0x25A0 && cp <= 0x25FF)  // geometric shapes
                || (cp >= 0x2900 && cp <= 0x297F)  // supplemental arrows
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    private static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }
}
