package dev.messenger.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.messenger.query.search.SearchQueries.Order;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a caller controls in a search besides the words: the cursor; and what comes back as HTML. */
class SearchQueriesTest {

    private static String cursor(String... values) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\u0000", values).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorOfEachOrderIsRead() {
        assertThat(SearchQueries.decode(cursor("1764806400000", "m-1b0e"), Order.RECENT)).containsExactly("1764806400000", "m-1b0e");
        assertThat(SearchQueries.decode(cursor("2.5", "1764806400000", "m-1b0e"), Order.RELEVANCE)).hasSize(3);
    }

    @Test
    void aForgedCursorIsRefusedBeforeTheEngineSeesIt() {
        for (String forged : new String[] {cursor("yesterday", "m-1"), cursor("1", "m-1\"}"), cursor("1", "m-1", "x"),
                cursor("NaN", "1", "m-1"), "%%%", cursor("1", "m-" + "1".repeat(400)), "A".repeat(600)}) {
            Order order = forged.equals(cursor("NaN", "1", "m-1")) ? Order.RELEVANCE : Order.RECENT;
            assertThatThrownBy(() -> SearchQueries.decode(forged, order)).as(forged).isInstanceOf(IllegalArgumentException.class);
        }
        // a cursor of one order is not one of the other
        assertThatThrownBy(() -> SearchQueries.decode(cursor("2.5", "1764806400000", "m-1"), Order.RECENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBodyShownWithoutHighlightIsEscapedHtml() {
        assertThat(SearchQueries.escapeHtml("<img src=x onerror='alert(1)'> & \"so\"</b>"))
                .isEqualTo("&lt;img src=x onerror=&#x27;alert(1)&#x27;&gt; &amp; &quot;so&quot;&lt;&#x2F;b&gt;");
    }
}
