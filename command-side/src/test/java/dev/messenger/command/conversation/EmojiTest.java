package dev.messenger.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "\uD83D\uDC4D",                               // thumbs up
            "\uD83D\uDC4D\uD83C\uDFFD",                   // thumbs up, medium skin tone
            "\u2764\uFE0F",                               // red heart with variation selector
            "\u2708\uFE0F",                               // airplane: text by default, fully-qualified with the selector
            "\u270C\uFE0F",                               // victory hand, likewise
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // family (ZWJ sequence)
            "\uD83C\uDDEB\uD83C\uDDF7",                   // flag of France
            "1\uFE0F\u20E3",                              // keycap 1
            "\uD83D\uDE02",                               // tears of joy
            "\uD83E\uDEE9",                               // face with bags under eyes (Emoji 16)
            "\uD83E\uDDD1\uD83C\uDFFF\u200D\u2764\uFE0F\u200D\uD83D\uDC8B\u200D\uD83E\uDDD1\uD83C\uDFFB" // kiss, two skin tones
    })
    void oneEmojiIsAReaction(String emoji) {
        assertThat(Emoji.isSingleEmoji(emoji)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "lol", "1", "\uD83D\uDC4D\uD83D\uDC4D", "\uD83D\uDC4D ", "<script>", "\u00E9", "$set", "a.b",
            "\uD83D\uDE00\u0301\u0302",                   // a pictograph with combining marks: one grapheme, not an emoji
            "\uD83D\uDE00\uFE0F\uFE0F",                   // variation selectors piled up
            "\uD83C\uDFFD",                               // a skin tone on its own (a component)
            "\uD83C\uDDFF\uD83C\uDDFF",                   // two regional indicators that are no country's flag
            "\u2764",                                      // unqualified heart: pickers send the fully-qualified one
            "\u2708"})                                      // unqualified airplane
    void anythingElseIsNot(String text) {
        assertThat(Emoji.isSingleEmoji(text)).isFalse();
    }
}
