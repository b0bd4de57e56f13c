package dev.messenger.gateway.conversation;

import static dev.messenger.gateway.ApiClient.eventually;
import static dev.messenger.gateway.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.EventStream;
import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may add whom to groups (invitations), invite links, and requests to join that admins approve, through the API. */
class GroupAdmissionIT extends GatewayIntegrationTest {

    private static void groupAdds(ApiClient api, User user, String who) {
        assertThat(api.put(user, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "everyone", "presence", "everyone",
                "groupAdds", who)).status()).isEqualTo(204);
        eventually(() -> who.equals(api.get(user, "/users/me").body().get("privacy").get("groupAdds").asText()), "the setting in effect");
    }

    @Test
    void someoneWhoLetsNobodyAddThemIsInvitedAndJoinsOnlyByAccepting() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User carol = api.signUp("carol");
        User dave = api.signUp("dave");
        User outsider = api.signUp("outsider");
        assertThat(api.get(carol, "/users/me").body().get("privacy").get("groupAdds").asText()).isEqualTo("everyone");
        assertThat(api.put(carol, "/users/me/privacy", Map.of("readReceipts", true, "lastSeen", "everyone", "presence", "everyone",
                "groupAdds", "friends")).status()).isEqualTo(400);
        groupAdds(api, carol, "nobody");
        groupAdds(api, dave, "contacts");

        try (EventStream carolEvents = api.openEvents(carol, null)) {
            Response created = api.post(alice, "/conversations", Map.of("type", "group", "title", "Book club",
                    "participants", List.of(bob.userId(), carol.userId())));
            assertThat(created.status()).isEqualTo(201);
            String group = created.body().get("conversationId").asText();
            assertThat(ids(created.body().get("participants"))).containsExactly(alice.userId(), bob.userId());
            assertThat(created.body().get("invitations").get(0).get("userId").asText()).isEqualTo(carol.userId());
            String invitation = created.body().get("invitations").get(0).get("invitationId").asText();

            JsonNode received = json(carolEvents.next("invitation.received").data());
            assertThat(received.get("invitationId").asText()).isEqualTo(invitation);
            assertThat(received.get("title").asText()).isEqualTo("Book club");
            eventually(() -> api.get(carol, "/invitations").body().get("invitations").size() == 1, "carol's invitation");
            JsonNode listed = api.get(carol, "/invitations").body().get("invitations").get(0);
            assertThat(listed.get("conversationId").asText()).isEqualTo(group);
            assertThat(listed.get("invitedBy").asText()).isEqualTo(alice.userId());
            assertThat(api.get(carol, "/conversations/" + group).status()).isEqualTo(404);
            assertThat(api.get(bob, "/invitations").body().get("invitations")).isEmpty();

            // dave allows contacts only: he and alice share nothing yet, so her add is an invitation, the same one when repeated
            Response add = api.post(alice, "/conversations/" + group + "/participants", Map.of("userId", dave.userId()));
            assertThat(add.status()).isEqualTo(202);
            assertThat(api.post(alice, "/conversations/" + group + "/participants", Map.of("userId", dave.userId())).body())
                    .isEqualTo(add.body());
            String davesInvitation = add.body().get("invitationId").asText();

            // nobody else answers an invitation, and nothing that is not one is found
            assertThat(api.post(outsider, "/invitations/" + invitation + "/accept", Map.of()).status()).isEqualTo(404);
            assertThat(api.post(carol, "/invitations/" + davesInvitation + "/accept", Map.of()).status()).isEqualTo(404);
            Response garbage = api.post(carol, "/invitations/not-an-invitation/accept", Map.of());
            assertThat(garbage.status()).isEqualTo(404);
            assertThat(garbage.headers().getContentType().toString()).isEqualTo("application/problem+json");

            assertThat(api.post(carol, "/invitations/" + invitation + "/accept", Map.of()).status()).isEqualTo(204);
            assertThat(api.post(carol, "/invitations/" + invitation + "/accept", Map.of()).status()).isEqualTo(204);
            eventually(() -> api.get(carol, "/conversations/" + group).status() == 200, "carol in the group");
            eventually(() -> api.get(carol, "/invitations").body().get("invitations").isEmpty(), "the invitation answered");
            JsonNode joined = json(carolEvents.next("member.added").data());
            assertThat(joined.get("userId").asText()).isEqualTo(carol.userId());
            assertThat(joined.get("actorId").asText()).isEqualTo(alice.userId());

            try (EventStream aliceEvents = api.openEvents(alice, null)) {
                assertThat(api.post(dave, "/invitations/" + davesInvitation + "/decline", Map.of()).status()).isEqualTo(204);
                assertThat(json(aliceEvents.next("invitation.declined").data()).get("userId").asText()).isEqualTo(dave.userId());
            }
            assertThat(api.post(dave, "/invitations/" + davesInvitation + "/accept", Map.of()).status()).isEqualTo(404);

            // once dave shares a conversation with alice (he accepts her chat), she is a contact and adds him
            String chat = api.directChat(dave, alice);
            eventually(() -> api.get(alice, "/conversations").body().toString().contains(chat), "the chat in alice's inbox");
            assertThat(api.post(alice, "/conversations/" + group + "/participants", Map.of("userId", dave.userId())).status()).isEqualTo(204);
        }
    }

    @Test
    void anInviteLinkLetsItsHolderInAndAnApprovalLinkAsksTheAdmins() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User eve = api.signUp("eve");
        User frank = api.signUp("frank");
        User outsider = api.signUp("outsider");
        String group = api.post(alice, "/conversations", Map.of("type", "group", "title", "Climbing", "participants", List.of(bob.userId())))
                .body().get("conversationId").asText();

        // admins make links; members who are not admins and outsiders do not, and see none
        assertThat(api.post(bob, "/conversations/" + group + "/invite-links", Map.of()).status()).isEqualTo(403);
        assertThat(api.post(outsider, "/conversations/" + group + "/invite-links", Map.of()).status()).isEqualTo(404);
        assertThat(api.post(alice, "/conversations/g-not-a-group/invite-links", Map.of()).status()).isEqualTo(404);
        Response made = api.postWithHeader(alice, "/conversations/" + group + "/invite-links", Map.of(), "Idempotency-Key", "link-1");
        assertThat(made.status()).isEqualTo(201);
        String code = made.body().get("code").asText();
        assertThat(code).hasSizeGreaterThanOrEqualTo(40);
        assertThat(api.postWithHeader(alice, "/conversations/" + group + "/invite-links", Map.of(), "Idempotency-Key", "link-1")
                .body().get("code").asText()).isEqualTo(code);
        eventually(() -> api.get(alice, "/conversations/" + group + "/invite-links").body().get("inviteLinks").size() == 1, "the link listed");
        assertThat(api.get(bob, "/conversations/" + group + "/invite-links").status()).isEqualTo(403);
        assertThat(api.get(outsider, "/conversations/" + group + "/invite-links").status()).isEqualTo(404);

        // whoever holds the code sees the group's name, joins, and shows in history as having joined
        JsonNode preview = api.get(eve, "/invite-links/" + code).body();
        assertThat(preview.get("title").asText()).isEqualTo("Climbing");
        assertThat(preview.get("memberCount").asInt()).isEqualTo(2);
        assertThat(preview.get("approval").asBoolean()).isFalse();
        Response joined = api.post(eve, "/invite-links/" + code + "/join", Map.of());
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.body().get("conversationId").asText()).isEqualTo(group);
        assertThat(api.post(eve, "/invite-links/" + code + "/join", Map.of()).status()).isEqualTo(200);
        eventually(() -> types(api.get(bob, "/messages/history?conversation_id=" + group).body()).contains("member.joined:" + eve.userId()),
                "eve joined, in history");

        // a link with approval: a request the admins see, approve or decline
        String approvalCode = api.post(alice, "/conversations/" + group + "/invite-links", Map.of("approval", true)).body().get("code").asText();
        try (EventStream aliceEvents = api.openEvents(alice, null)) {
            Response asked = api.post(frank, "/invite-links/" + approvalCode + "/join", Map.of());
            assertThat(asked.status()).isEqualTo(202);
            assertThat(asked.body().get("status").asText()).isEqualTo("awaiting-approval");
            assertThat(api.post(frank, "/invite-links/" + approvalCode + "/join", Map.of()).status()).isEqualTo(202);
            assertThat(json(aliceEvents.next("join.requested").data()).get("userId").asText()).isEqualTo(frank.userId());
        }
        assertThat(api.get(frank, "/conversations/" + group).status()).isEqualTo(404);
        eventually(() -> api.get(alice, "/conversations/" + group + "/join-requests").body().get("joinRequests").size() == 1, "the request listed");
        assertThat(api.get(bob, "/conversations/" + group + "/join-requests").status()).isEqualTo(403);
        assertThat(api.post(bob, "/conversations/" + group + "/join-requests/" + frank.userId() + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(api.post(alice, "/conversations/" + group + "/join-requests/" + outsider.userId() + "/approve", Map.of()).status())
                .isEqualTo(404);
        assertThat(api.post(alice, "/conversations/" + group + "/join-requests/" + frank.userId() + "/approve", Map.of()).status())
                .isEqualTo(204);
        eventually(() -> api.get(frank, "/conversations/" + group).status() == 200, "frank in the group");
        eventually(() -> api.get(alice, "/conversations/" + group + "/join-requests").body().get("joinRequests").isEmpty(), "answered");

        // revoked: nobody joins by it, and it shows nothing; nothing that is not a code is found
        assertThat(api.delete(bob, "/conversations/" + group + "/invite-links/" + code).status()).isEqualTo(403);
        assertThat(api.delete(alice, "/conversations/" + group + "/invite-links/" + code).status()).isEqualTo(204);
        assertThat(api.post(outsider, "/invite-links/" + code + "/join", Map.of()).status()).isEqualTo(404);
        eventually(() -> api.get(outsider, "/invite-links/" + code).status() == 404, "the revoked link shows nothing");
        for (String notACode : List.of("nothing", "A".repeat(43), "%00", "x".repeat(129))) {
            Response refused = api.post(outsider, "/invite-links/" + notACode + "/join", Map.of());
            assertThat(refused.status()).as(notACode).isIn(400, 404);
            assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        }
        assertThat(api.delete(alice, "/conversations/" + group + "/invite-links/" + code).status()).isEqualTo(404);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        for (JsonNode item : page.get("messages")) {
            if ("service".equals(item.path("kind").asText())) {
                types.add(item.get("type").asText() + ":" + item.path("userId").asText());
            }
        }
        return types;
    }
}
