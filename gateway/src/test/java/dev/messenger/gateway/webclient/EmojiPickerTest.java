package dev.messenger.gateway.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.command.conversation.Emoji;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every emoji the web client's picker offers is one the server takes as a reaction (a picked one is never a 400). */
class EmojiPickerTest {

    @Test
    void everyEmojiOfThePickerIsAReactionTheServerAccepts() throws IOException {
        String picker;
        try (InputStream file = getClass().getResourceAsStream("/static/app/emoji.js")) {
            assertThat(file).as("the picker's module").isNotNull();
            picker = new String(file.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> offered = new ArrayList<>();
        Matcher group = Pattern.compile("\\['(\\w+)', '([^']+)'\\]").matcher(picker);
        while (group.find()) {
            offered.addAll(List.of(group.group(2).split(" ")));
        }
        assertThat(offered).hasSizeGreaterThan(200).doesNotHaveDuplicates();
        assertThat(offered).allSatisfy(emoji -> assertThat(Emoji.isSingleEmoji(emoji)).as("%s (%s)", emoji,
                emoji.codePoints().mapToObj(Integer::toHexString).toList()).isTrue());
    }
}
