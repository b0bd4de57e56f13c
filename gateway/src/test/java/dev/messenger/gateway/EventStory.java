package dev.messenger.gateway;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A little of everything a messenger records, told through the API: what a rebuild must reproduce
 * ({@code RebuildComplianceIT}) and what the streams must describe ({@code StreamEventsDocumentedIT}).
 */
public final class EventStory {

    private EventStory() {
    }

    /** Who took part: a made the group (with b and c) and left it; b and c have a direct chat. */
    public record Cast(User a, User b, User c, User d, User e, String group, String direct) {
    }

    /** A little of everything: groups (roles, details, an owner leaving), a direct chat, edits, deletes, reactions, reads, a block, privacy. */
    public static Cast tell(ApiClient api) {
        User a = api.signUp("a");
        User b = api.signUp("b");
        User c = api.signUp("c");
        User d = api.signUp("d");
        User e = api.signUp("e");
        api.put(d, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "everyone", "presence", "everyone", "groupAdds", "nobody"));
        eventually(() -> "nobody".equals(api.get(d, "/users/me").body().get("privacy").get("groupAdds").asText()), "d's setting");
        // the privacy read model complete again after an earlier rebuild (until then every add is an invitation)
        eventually(() -> "everyone".equals(api.get(b, "/users/me").body().get("privacy").get("groupAdds").asText()), "b's default");
        String group = started(api.post(a, "/conversations", Map.of("type", "group", "title", "G", "participants",
                List.of(b.userId(), c.userId()))));
        String direct = started(api.post(b, "/conversations", Map.of("type", "direct", "participants", List.of(c.userId()))));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(api.post(i % 2 == 0 ? a : b, "/messages/send", Map.of("conversationId", group, "body", "group talk " + i))
                    .body().get("messageId").asText());
            api.post(c, "/messages/send", Map.of("conversationId", direct, "body", "direct talk " + i));
        }
        eventually(() -> api.post(b, "/reactions/add", Map.of("conversationId", group, "messageId", ids.get(0), "emoji", "\uD83D\uDC4D"))
                .status() == 204, "indexed");
        api.post(a, "/messages/edit", Map.of("conversationId", group, "messageId", ids.get(2), "body", "edited talk"));
        api.post(a, "/messages/edit", Map.of("conversationId", group, "messageId", ids.get(2), "body", "edited talk, again"));
        api.post(b, "/messages/send", Map.of("conversationId", group, "body", "a reply", "replyTo", ids.get(2)));
        api.put(a, "/conversations/" + group + "/pins/" + ids.get(2), Map.of());
        api.put(a, "/conversations/" + group + "/pins/" + ids.get(4), Map.of());
        api.put(a, "/conversations/" + group + "/pins/" + ids.get(0), Map.of());
        api.delete(a, "/conversations/" + group + "/pins/" + ids.get(0));
        api.put(b, "/conversations/" + group + "/state", Map.of("pinned", true));
        api.put(c, "/conversations/" + direct + "/state", Map.of("archived", true));
        api.post(a, "/messages/delete", Map.of("conversationId", group, "messageId", ids.get(4)));
        api.post(c, "/messages/read", Map.of("conversationId", group, "upToSeq", 3));
        api.post(b, "/messages/delivered", Map.of("conversationId", direct, "upToSeq", 5));
        api.put(a, "/conversations/" + group + "/admins/" + b.userId(), Map.of());
        // an invitation left waiting, a link used and one revoked, a request to join left waiting
        api.post(a, "/conversations/" + group + "/participants", Map.of("userId", d.userId()));
        String open = api.post(a, "/conversations/" + group + "/invite-links", Map.of()).body().get("code").asText();
        String approval = api.post(a, "/conversations/" + group + "/invite-links", Map.of("approval", true)).body().get("code").asText();
        api.post(e, "/invite-links/" + open + "/join", Map.of());
        api.delete(a, "/conversations/" + group + "/invite-links/" + open);
        api.post(d, "/invite-links/" + approval + "/join", Map.of());
        api.patch(b, "/conversations/" + group, Map.of("title", "G2", "description", "about G", "pictureMediaId", api.uploadPng(b)));
        api.delete(a, "/conversations/" + group + "/participants/" + c.userId());
        api.delete(a, "/conversations/" + group + "/participants/" + a.userId());
        api.post(c, "/users/block", Map.of("userId", a.userId()));
        api.post(b, "/reports", Map.of("conversationId", direct, "reason", "spam"));
        api.post(b, "/reports", Map.of("conversationId", group, "messageId", ids.get(0), "reason", "harassment"));
        api.put(b, "/users/me/privacy", Map.of("readReceipts", false, "lastSeen", "contacts", "presence", "nobody"));
        api.put(b, "/conversations/" + group + "/mute", Map.of("until", "2100-01-01T00:00:00Z"));
        return new Cast(a, b, c, d, e, group, direct);
    }

    private static String started(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return response.body().get("conversationId").asText();
    }
}
