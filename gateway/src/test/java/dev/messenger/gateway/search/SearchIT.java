package dev.messenger.gateway.search;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import dev.messenger.gateway.TestStack;
import dev.messenger.ops.stack.Engine;
import dev.messenger.projections.search.SearchIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.beans.factory.annotation.Autowired;

/** Message search on the real OpenSearch node. */
class SearchIT extends GatewayIntegrationTest {

    @Autowired
    OpenSearchClient openSearch;

    @Test
    void findsWordsInAnyFormCjkWordsInSentencesPhrasesAndPrefixes() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String deployed = send(api, alice, chat, "We deployed the new release yesterday");
        String beijing = send(api, alice, chat, "我们明天去北京开会");
        String coffeeShop = send(api, alice, chat, "Let's meet at the coffee shop");
        send(api, alice, chat, "the shop sells bad coffee");
        String kubernetes = send(api, alice, chat, "Kubernetes cluster upgrade tonight");

        // each message becomes searchable within the index's 1 s refresh
        eventually(() -> ids(api, bob, "deploying").equals(List.of(deployed)), "stemming: deploying finds deployed");
        eventually(() -> ids(api, bob, "北京").equals(List.of(beijing)), "a CJK word inside a sentence");
        eventually(() -> ids(api, bob, "\"coffee shop\"").equals(List.of(coffeeShop)), "a quoted phrase, not the same words apart");
        eventually(() -> ids(api, bob, "kube").equals(List.of(kubernetes)), "a prefix of the last word");
        JsonNode hit = search(api, bob, "deploying", "").get("hits").get(0);
        assertThat(hit.get("highlight").asText()).contains("<em>deployed</em>");
        assertThat(hit.get("conversationId").asText()).isEqualTo(chat);
        assertThat(hit.get("seq").asLong()).isEqualTo(1);
    }

    @Test
    void aHighlightIsEscapedTextWithOnlyTheMatchesMarked() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        send(api, alice, chat, "<img src=x onerror=alert(1)> look at the <b>marmalade</b> & \"jam\"");
        eventually(() -> ids(api, bob, "marmalade").size() == 1, "indexed");
        String highlight = search(api, bob, "marmalade", "").get("hits").get(0).get("highlight").asText();
        assertThat(highlight).contains("&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;<em>marmalade</em>&lt;", "&amp; &quot;jam&quot;")
                .doesNotContain("<img", "<b>");
        assertThat(highlight.replace("<em>", "").replace("</em>", "")).doesNotContain("<", ">");
        // a forged cursor is the caller's mistake, not the engine's
        ApiClient.Response forged = api.get(bob, "/messages/search?q=marmalade&cursor="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"x\":1}\u0000m-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(forged.status()).isEqualTo(400);
    }

    @Test
    void onlyMembersFindMessagesAndARemovedMemberStopsFindingThem() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User outsider = api.signUp("outsider");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Plans", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();
        eventually(() -> api.get(bob, "/conversations/" + group).status() == 200, "group visible");
        String plan = send(api, alice, group, "the zeppelin plan is ready");
        eventually(() -> ids(api, bob, "zeppelin").equals(List.of(plan)), "bob finds it");
        assertThat(ids(api, outsider, "zeppelin")).isEmpty();
        assertThat(api.get(outsider, "/messages/search?q=zeppelin&conversation_id=" + group).status()).isEqualTo(404);

        assertThat(api.delete(alice, "/conversations/" + group + "/participants/" + bob.userId()).status()).isEqualTo(204);
        eventually(() -> ids(api, bob, "zeppelin").isEmpty(), "bob no longer finds it");
        assertThat(ids(api, alice, "zeppelin")).containsExactly(plan);
    }

    @Test
    void editsAndDeletesAreReflected() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String message = send(api, alice, chat, "original wording about walruses");
        eventually(() -> ids(api, bob, "walruses").equals(List.of(message)), "indexed");
        api.post(alice, "/messages/edit", Map.of("conversationId", chat, "messageId", message, "body", "revised text about penguins"));
        eventually(() -> ids(api, bob, "walruses").isEmpty() && ids(api, bob, "penguins").equals(List.of(message)), "edit re-indexed");
        api.post(alice, "/messages/delete", Map.of("conversationId", chat, "messageId", message));
        eventually(() -> ids(api, bob, "penguins").isEmpty(), "deleted message no longer found");
    }

    @Test
    void pagingReturnsEveryHitOnce() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(send(api, alice, chat, "xylophone practice number " + i));
        }
        eventually(() -> search(api, bob, "xylophone", "&limit=50").get("hits").size() == 25, "all indexed");
        for (String sort : List.of("recent", "relevance")) {
            List<String> seen = new ArrayList<>();
            String cursor = "";
            do {
                JsonNode page = search(api, bob, "xylophone", "&limit=7&sort=" + sort + cursor);
                page.get("hits").forEach(h -> seen.add(h.get("messageId").asText()));
                cursor = page.get("next").isNull() ? null : "&cursor=" + page.get("next").asText();
            } while (cursor != null);
            assertThat(seen).as(sort).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(api.get(bob, "/messages/search?q=xylophone&cursor=garbage!").status()).isEqualTo(400);
    }

    @Test
    void whileOpenSearchIsDownSearchAnswers503AndSendsWorkAndTheIndexCatchesUpAfter() {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        TestStack.get().stopEngine(Engine.OPENSEARCH);
        try {
            var down = api.get(bob, "/messages/search?q=anything");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers().getContentType().toString()).isEqualTo("application/problem+json");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(send(api, alice, chat, "quokka sighting " + i));
            }
            eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 5, "history");
        } finally {
            TestStack.get().startEngine(Engine.OPENSEARCH);
        }
        eventually(() -> api.get(bob, "/messages/search?q=quokka&limit=50").status() == 200
                && search(api, bob, "quokka", "&limit=50").get("hits").size() == 5, "every message indexed after the outage",
                Duration.ofSeconds(120));
    }

    @Test
    void aRebuildFillsAFreshIndexWhileSearchesKeepAnsweringFromTheOldOne() throws Exception {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        for (int i = 0; i < 20; i++) {
            send(api, alice, chat, "narwhal census " + i);
        }
        eventually(() -> hits(api, bob, "narwhal") == 20, "indexed live");
        String liveIndex = SearchIndex.indexBehind(openSearch, SearchIndex.ALIAS).orElseThrow();

        assertThat(api.post(admin, "/admin/projections/search/rebuild", Map.of()).status()).isEqualTo(202);
        for (int i = 0; i < 3; i++) {
            send(api, alice, chat, "narwhal sighting during the rebuild " + i);
        }
        int searches = 0;
        while (SearchIndex.indexBehind(openSearch, SearchIndex.ALIAS).orElseThrow().equals(liveIndex)) {
            // until the switch, searches answer from the live index, which has everything sent before the rebuild
            assertThat(hits(api, bob, "narwhal")).isGreaterThanOrEqualTo(20);
            searches++;
            assertThat(searches).as("the rebuilt index is promoted").isLessThan(600);
        }
        eventually(() -> hits(api, bob, "narwhal") == 23, "the rebuilt index has every message, also those sent during the rebuild");
        eventually(() -> !exists(liveIndex), "the old index is dropped after the switch");
        assertThat(SearchIndex.indexBehind(openSearch, SearchIndex.WRITE_ALIAS))
                .isEqualTo(SearchIndex.indexBehind(openSearch, SearchIndex.ALIAS));
    }

    private boolean exists(String index) {
        try {
            return openSearch.indices().exists(e -> e.index(index)).value();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int hits(ApiClient api, User user, String q) {
        var response = api.get(user, "/messages/search?q=" + q + "&limit=50");
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("hits").size();
    }

    private static String send(ApiClient api, User user, String conversationId, String body) {
        return api.post(user, "/messages/send", Map.of("conversationId", conversationId, "body", body)).body().get("messageId").asText();
    }

    private static JsonNode search(ApiClient api, User user, String q, String more) {
        // raw: the client encodes the query string (quotes, spaces, CJK) itself
        return api.get(user, "/messages/search?q=" + q + more).body();
    }

    private static List<String> ids(ApiClient api, User user, String q) {
        List<String> ids = new ArrayList<>();
        search(api, user, q, "").get("hits").forEach(h -> ids.add(h.get("messageId").asText()));
        return ids;
    }
}
