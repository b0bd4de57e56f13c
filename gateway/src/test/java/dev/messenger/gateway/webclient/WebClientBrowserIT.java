package dev.messenger.gateway.webclient;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The web client at {@code /} in two real browsers (headless Chromium, separate profiles), against the
 * real gateway and engines. Screenshots of the main screens go to {@code gateway/target/browser-screenshots}.
 */
class WebClientBrowserIT extends GatewayIntegrationTest {

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final String PASSWORD = "correct horse battery";

    /**
     * A screen as the docs show it: its screenshot, and every control and image on it named for a screen reader (as
     * Chromium's accessibility tree computes the names).
     */
    private static void screen(Browser browser, String name) throws java.io.IOException {
        browser.screenshot(SCREENSHOTS, name + ".png");
        assertThat(browser.unnamedControls()).as("controls without an accessible name on " + name).isEmpty();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }

    private static String username(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void signUp(Browser browser, String username, String displayName) {
        browser.get(base());
        browser.visible("#register-form");
        browser.type("#register-username", username);
        browser.type("#register-display-name", displayName);
        browser.type("#register-password", PASSWORD);
        browser.click("#register-form button[type=submit]");
        browser.visible("#app");
        browser.textIn("#me", displayName);
    }

    private void startChat(Browser browser, String withUsername) {
        browser.click("#new-chat");
        browser.type("#new-chat-usernames", withUsername);
        browser.click("#new-chat-start");
        browser.visible("#conversation-view");
    }

    /** The first chat from a stranger waits in the message requests: opened from there and accepted, it is a chat. */
    private void acceptRequest(Browser browser) {
        browser.click("#requests-toggle");
        browser.click("#inbox .inbox-item");
        browser.click("#request-accept");
        browser.await(d -> d.findElement(By.id("request-bar")).isDisplayed() ? null : true, "the request accepted");
    }

    private void send(Browser browser, String text) {
        browser.type("#composer-input", text);
        browser.driver().findElement(By.id("composer-input")).sendKeys("\n");
    }

    private static String message(int seq) {
        return "#message-list .message[data-seq='" + seq + "']";
    }

    @Test
    void twoPeopleChatLiveWithReadTicksReactionsAndSearch() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            a.get(base());
            a.visible("#signin-form");
            screen(a, "01-sign-in");
            // the audit of names finds a control that has none
            a.script("document.body.append(Object.assign(document.createElement('button'), { id: 'unnamed-probe' }))");
            assertThat(a.unnamedControls()).anyMatch(control -> control.contains("unnamed-probe"));
            a.script("document.getElementById('unnamed-probe').remove()");
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");

            // A starts a chat and writes; the local echo is confirmed with the message's seq
            startChat(a, bob);
            a.textIn("#conversation-title", "Bob");
            send(a, "Hello Bob, how are you today?");
            a.visible(message(1) + " .ticks");

            // B has never talked with A: the chat arrives live as a message request, out of the inbox, counting nothing unread
            b.textIn("#requests-toggle", "Message requests (1)");
            assertThat(b.driver().findElements(By.cssSelector("#inbox .inbox-item"))).isEmpty();
            assertThat(b.driver().getTitle()).isEqualTo("Messenger");
            b.click("#requests-toggle");
            b.textIn("#inbox .inbox-item", "Alice");
            b.textIn("#inbox .inbox-preview", "Hello Bob, how are you today?");
            screen(b, "02-message-request");

            // B opens it: reading it tells A nothing until B accepts
            b.click("#inbox .inbox-item");
            b.textIn(message(1) + " .body", "Hello Bob, how are you today?");
            b.textIn("#request-text", "Alice wants to chat with you");
            a.textIn("#composer-note", "has not accepted your message request yet");
            assertThat(a.driver().findElements(By.cssSelector(message(1) + " .ticks[data-state='read']"))).isEmpty();
            b.click("#request-accept");
            b.textIn("#inbox .inbox-title", "Alice");
            b.driver().findElement(By.id("composer-input")).sendKeys("Fine");
            a.textIn("#typing", "Bob is typing");
            b.driver().findElement(By.id("composer-input")).sendKeys(", thanks Alice!\n");

            a.textIn(message(2) + ".theirs .body", "Fine, thanks Alice!");
            a.visible(message(1) + " .ticks[data-state='read']");
            assertThat(a.driver().findElements(By.cssSelector("#typing")).get(0).getText()).isEmpty();
            a.visible("#conversation-presence[data-presence='online']");

            // B reacts to A's message; both see it
            b.hoverAndClick(message(1), message(1) + " .actions .react");
            b.click(message(1) + " .pick[data-emoji='👍']");
            b.visible(message(1) + " .reaction[data-emoji='👍'][data-count='1']");
            a.visible(message(1) + " .reaction[data-emoji='👍'][data-count='1']");
            // the interface's own icons (attach, react, ticks) are SVG, never emoji glyphs, which a machine without an
            // emoji font draws as empty boxes
            assertThat((String) a.script("return [...document.querySelectorAll('.attach, .actions .react, .ticks')]"
                    + ".map(e => e.textContent).join('')")).doesNotContainPattern("[\\x{2190}-\\x{2BFF}\\x{1F000}-\\x{1FFFF}]");
            assertThat((Long) a.script("return document.querySelectorAll('.attach svg, .actions .react svg, .ticks svg').length"))
                    .isGreaterThanOrEqualTo(4);
            screen(a, "03-conversation-alice");
            screen(b, "04-conversation-bob");

            // the same conversation has exactly these two messages for B (no duplicate from echo and stream)
            assertThat(b.driver().findElements(By.cssSelector("#message-list .message"))).hasSize(2);
            assertThat(a.driver().findElements(By.cssSelector("#message-list .message"))).hasSize(2);

            // A searches; the index follows within a second or so
            a.await(d -> {
                a.type("#search-input", "how are");
                d.findElement(By.id("search-input")).sendKeys("\n");
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return d.findElements(By.cssSelector("#search-hits .search-hit")).isEmpty() ? null : true;
            }, "a search hit");
            List<String> marked = a.driver().findElements(By.cssSelector("#search-hits .search-hit mark")).stream()
                    .map(WebElement::getText).map(String::toLowerCase).toList();
            assertThat(marked).contains("how");
            screen(a, "05-search");
            a.click("#search-hits .search-hit");
            a.visible(message(1) + ".found");

            // a phone-sized screen shows one pane at a time
            b.resize(390, 844);
            b.visible("#conversation-view");
            assertThat(b.driver().findElement(By.id("inbox")).isDisplayed()).isFalse();
            screen(b, "06-phone-conversation");
            // the header keeps the name; its actions are a menu
            assertThat(b.driver().findElement(By.id("conversation-title")).getSize().getWidth()).as("the name shows").isGreaterThan(40);
            assertThat(b.driver().findElement(By.id("archive-toggle")).isDisplayed()).isFalse();
            b.click("#conversation-menu-toggle");
            b.visible("#archive-toggle");
            screen(b, "26-phone-conversation-menu");
            b.click("#conversation-title");
            b.await(d -> d.findElement(By.id("archive-toggle")).isDisplayed() ? null : true, "the menu closed by a click elsewhere");
            b.click("#back");
            b.visible("#inbox");
            screen(b, "07-phone-inbox");

            // the system's dark mode gives the dark palette: light text on a dark background
            a.prefersColorScheme("dark");
            a.await(driver -> "rgb(24, 25, 26)".equals(a.script("return getComputedStyle(document.body).backgroundColor")),
                    "the dark palette's background");
            assertThat(a.script("return getComputedStyle(document.body).color")).isEqualTo("rgb(228, 230, 235)");
            screen(a, "10-dark");

            // the account screen: A's sessions (this browser and a phone), one signed out from here; a new display name; a
            // password changed only with the current one, which keeps this session signed in
            ApiClient.SignedIn phone = api().signIn(alice, PASSWORD, "Phone/1.0");
            dev.messenger.ops.e2ee.E2eeClient.signIn("http://localhost:" + port, alice, PASSWORD, "laptop"); // a device with keys
            ApiClient.eventually(() -> api().get(phone.user(), "/keys/devices").body().get("devices").size() == 1, "the laptop listed");
            a.click("#account-open");
            a.visible("#account-dialog");
            a.textIn("#account-sessions .session[data-session-id='" + phone.sessionId() + "']", "Phone/1.0");
            a.textIn("#account-sessions .session[data-current='true']", "This browser");
            screen(a, "22-account");
            // the devices with encryption keys, one removed from here; the export of one's data, downloadable once built
            a.textIn("#account-devices .session[data-device-id='laptop']", "laptop");
            a.click("#account-export");
            a.textIn("#account-export-download", "Download");
            assertThat((String) a.script("return document.getElementById('account-export-download').href")).startsWith("blob:");
            screen(a, "24-devices-and-export");
            a.click("#account-devices .session[data-device-id='laptop'] .remove-device");
            a.visible("#account-devices-none");
            ApiClient.eventually(() -> api().get(phone.user(), "/keys/devices").body().get("devices").isEmpty(), "the laptop removed");
            a.click("#account-sessions .session[data-session-id='" + phone.sessionId() + "'] .sign-out-session");
            a.await(d -> d.findElements(By.cssSelector("#account-sessions .session[data-session-id='" + phone.sessionId() + "']"))
                    .isEmpty() ? true : null, "the phone's session gone from the list");
            assertThat(api().get(phone.user(), "/users/me").status()).isEqualTo(401);
            a.type("#account-display-name", "Alice Liddell");
            a.click("#account-name-save");
            a.textIn("#me", "Alice Liddell");
            a.type("#account-current-password", "not the password");
            a.type("#account-new-password", "a brand new password");
            a.click("#account-password-save");
            a.textIn("#account-password-error", "not this account's password");
            a.type("#account-current-password", PASSWORD);
            a.type("#account-new-password", "a brand new password");
            a.click("#account-password-save");
            a.await(d -> d.findElement(By.id("account-password-error")).getText().isEmpty()
                    && d.findElement(By.id("account-current-password")).getAttribute("value").isEmpty() ? true : null, "the password changed");
            assertThat(api().post(null, "/auth/token", java.util.Map.of("username", alice, "password", "a brand new password")).status())
                    .isEqualTo(200);
            a.script("document.getElementById('account-dialog').close()");

            // a reload keeps the tab signed in; an access token the gateway refuses is renewed with the session's refresh
            // token (once), and signing out ends the session on the gateway too
            String refreshToken = (String) a.script("return localStorage.getItem('messenger.refresh')");
            a.script("localStorage.setItem('messenger.token', 'expired.or.refused')");
            a.get(base());
            a.visible("#app");
            a.textIn("#me", "Alice Liddell");
            String renewed = (String) a.script("return localStorage.getItem('messenger.token')");
            assertThat(renewed).isNotEqualTo("expired.or.refused");
            assertThat((String) a.script("return localStorage.getItem('messenger.refresh')")).isNotEqualTo(refreshToken);
            // a new tab of the same browser is signed in too; signing out there signs this tab out as well
            String firstTab = a.driver().getWindowHandle();
            a.driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            a.get(base());
            a.textIn("#me", "Alice Liddell");
            a.click("#sign-out");
            a.visible("#signin-form");
            a.driver().close();
            a.driver().switchTo().window(firstTab);
            a.visible("#signin-form");
            assertThat(a.script("return localStorage.getItem('messenger.refresh')")).isNull();
            assertThat(api().getWithToken("Bearer " + renewed, "/users/me").status()).isEqualTo(401);

            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void pinnedMessagesAndPinnedAndArchivedChats() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");
            ApiClient.User carol = api().signUp("carol");
            startChat(a, carol.username());
            send(a, "hi carol");
            a.visible(message(1) + " .ticks");
            startChat(a, bob);
            send(a, "the code is 4711");
            send(a, "see you at nine");
            a.visible(message(2) + " .ticks");

            // B pins the first message; A's open conversation shows it above the messages, live
            acceptRequest(b);
            b.hoverAndClick(message(1), message(1) + " .actions .pin");
            b.textIn("#pinned-bar .pinned-text", "the code is 4711");
            b.textIn(message(1) + " .actions .pin", "Unpin");
            a.textIn("#pinned-bar .pinned-text", "the code is 4711");
            a.click("#pinned-bar");
            a.visible(message(1) + ".found");

            // A pins the chat with B: it leads A's inbox, marked, though the chat with C is not older
            a.click("#pin-toggle");
            a.textIn("#pin-toggle", "Unpin chat");
            a.visible("#inbox li:first-child .inbox-item .pinned-mark");
            a.textIn("#inbox li:first-child .inbox-title", "Bob");
            screen(a, "13-pins");

            // A archives it: it leaves the inbox and is listed with the archived chats
            a.click("#archive-toggle");
            a.await(d -> d.findElements(By.cssSelector("#inbox .inbox-item")).size() == 1 ? true : null, "one chat left in the inbox");
            a.textIn("#inbox .inbox-title", "carol");
            a.click("#archived-toggle");
            a.textIn("#inbox .inbox-title", "Bob");
            a.textIn("#archived-toggle", "Back to chats");
            a.click("#inbox .inbox-item");
            a.textIn("#archive-toggle", "Unarchive");
            a.click("#archive-toggle");
            a.click("#archived-toggle");
            a.await(d -> d.findElements(By.cssSelector("#inbox .inbox-item")).size() == 2 ? true : null, "both chats back");

            // A forwards the pinned message to C: it arrives there marked as forwarded
            a.hoverAndClick(message(1), message(1) + " .actions .forward");
            a.textIn("#forward-targets .forward-target", "carol");
            screen(a, "30-forward");
            a.click("#forward-targets .forward-target");
            a.textIn("#toast", "Forwarded to carol");
            a.click("#inbox li:nth-child(2) .inbox-item");
            a.textIn(message(2) + " .forwarded", "Forwarded");
            a.textIn(message(2) + " .body", "the code is 4711");

            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void groupAdminsRenameAndRemoveEveryChangeShowsInTheThreadAndMentionsAndReportsReachTheirReaders() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");
            ApiClient api = api();
            ApiClient.User carol = api.signUp("carol");
            String bobId = api.get(carol, "/users/lookup?username=" + bob).body().get("userId").asText();
            a.click("#new-chat");
            a.type("#new-chat-usernames", bob + ", " + carol.username());
            a.type("#new-chat-title-input", "Trip");
            a.click("#new-chat-start");
            a.visible("#conversation-view");
            send(a, "hello all");
            a.visible(message(1) + " .ticks");
            // a group is no request: it arrives in Bob's inbox, unread, counted in the tab's title
            b.textIn("#inbox .unread-badge", "1");
            b.await(driver -> "(1) Messenger".equals(driver.getTitle()), "the unread count in the title");

            // the owner makes Bob an admin and renames the group from its info screen
            a.click("#group-info");
            a.textIn("#group-members .group-member[data-role='owner'] .member-name", "You");
            String bobRow = "#group-members .group-member[data-user-id='" + bobId + "']";
            a.textIn(bobRow + " button", "Make admin");
            a.click(bobRow + " button");
            a.visible(bobRow + "[data-role='admin']");
            a.type("#group-title-input", "Trip to Lisbon");
            a.click("#group-details-save");
            a.textIn("#group-dialog-title", "Trip to Lisbon");
            screen(a, "14-group-info");
            a.click("#group-dialog form[method=dialog] button");

            // Bob sees both changes between the messages, and the new name, live
            b.textIn("#inbox .inbox-title", "Trip to Lisbon");
            b.click("#inbox .inbox-item");
            b.await(driver -> "Messenger".equals(driver.getTitle()), "no unread count in the title once read");
            // Alice sees who of the group read her message
            a.textIn(message(1) + " .seen-by", "Seen by 1");
            a.click(message(1) + " .seen-by");
            a.textIn("#seen-list", "Bob");
            screen(a, "29-seen-by");
            a.click("#seen-dialog form[method=dialog] button");
            b.textIn("#message-list .service[data-type='role.changed']", "Alice made You an admin");
            b.textIn("#message-list .service[data-type='conversation.renamed']", "Alice renamed the group to “Trip to Lisbon”");
            b.textIn("#conversation-title", "Trip to Lisbon");

            // as an admin now, Bob removes Carol; Alice's open thread shows it
            b.click("#group-info");
            String carolRow = "#group-members .group-member[data-user-id='" + carol.userId() + "']";
            b.textIn(carolRow + " button", "Remove");
            b.click(carolRow + " button:last-of-type");
            b.await(d -> d.findElements(By.cssSelector(carolRow)).isEmpty() ? true : null, "carol gone from the members");
            b.click("#group-dialog form[method=dialog] button");
            a.textIn("#message-list .service[data-type='member.removed']", "Bob removed carol");
            screen(a, "15-group-service-items");

            // Bob mentions Alice by her username: her copy is marked, and her list of mentions has it
            send(b, "@" + alice + " are you in?");
            a.visible(message(2) + ".mentions-me");
            a.click("#mentions-toggle");
            a.textIn("#search-hits .mention-hit", "are you in?");
            a.textIn("#search-summary", "Mentions of you");
            screen(a, "16-mentions");
            a.click("#search-hits .mention-hit");
            a.visible(message(2) + ".found");

            // Alice reports it; the operators see the report with the message's text
            a.hoverAndClick(message(2), message(2) + " .actions .report");
            new org.openqa.selenium.support.ui.Select(a.visible("#report-reason")).selectByValue("harassment");
            screen(a, "17-report");
            a.click("#report-send");
            a.textIn("#toast", "Reported");
            ApiClient.User operator = dev.messenger.gateway.Operators.admin(api);
            ApiClient.eventually(() -> api.get(operator, "/admin/reports?limit=100").body().toString()
                    .contains("\"evidence\":\"@" + alice + " are you in?\""), "the report reached the operators");

            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void someoneWhoLetsNobodyAddThemIsInvitedAndLinksLetPeopleIn() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");
            // Bob lets nobody add him to groups
            b.click("#privacy-open");
            new org.openqa.selenium.support.ui.Select(b.visible("#privacy-groupAdds")).selectByValue("nobody");
            screen(b, "18-privacy");
            b.click("#privacy-save");
            b.textIn("#toast", "Privacy settings saved");
            b.await(driver -> {
                driver.findElement(By.id("privacy-open")).click();
                String value = new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("privacy-groupAdds"))).getFirstSelectedOption()
                        .getAttribute("value");
                driver.findElement(By.cssSelector("#privacy-dialog form[method=dialog] button")).click();
                return "nobody".equals(value) ? true : null;
            }, "the setting in effect");

            // Alice's group with him becomes an invitation, which he accepts
            a.click("#new-chat");
            a.type("#new-chat-usernames", bob);
            a.type("#new-chat-title-input", "Climbing");
            a.click("#new-chat-start");
            a.textIn("#toast", "invited");
            b.click("#invitations-toggle");
            b.textIn("#invitations-list .invitation", "Climbing");
            screen(b, "19-invitations");
            b.click("#invitations-list .invitation button");
            b.textIn("#conversation-title", "Climbing");
            b.textIn("#message-list .service[data-type='member.added']", "Alice added You");

            // Alice gives the group a picture; Bob sees the change in the thread
            a.click("#group-info");
            Path picture = Files.createTempFile("group-", ".png");
            BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(228, 102, 10));
            g.fillRect(0, 0, 200, 200);
            g.dispose();
            ImageIO.write(image, "png", picture.toFile());
            a.present("#group-picture-input").sendKeys(picture.toAbsolutePath().toString());
            a.await(d -> d.findElement(By.id("group-picture")).getAttribute("src") != null
                    && d.findElement(By.id("group-picture")).getAttribute("src").startsWith("blob:") ? true : null, "the picture shown");
            b.textIn("#message-list .service[data-type='conversation.picture.changed']", "Alice changed the group picture");

            // Alice makes a link that needs her approval; Carol asks through it, Alice approves
            a.click("#invite-link-approval");
            a.click("#invite-link-form button[type=submit]");
            String url = a.visible("#invite-links .invite-link-url").getAttribute("value");
            String code = url.substring(url.indexOf("#join=") + "#join=".length());
            ApiClient api = api();
            ApiClient.User carol = api.signUp("carol");
            assertThat(api.post(carol, "/invite-links/" + code + "/join", java.util.Map.of()).status()).isEqualTo(202);
            a.textIn("#join-requests .join-request", "carol");
            a.script("document.getElementById('join-requests').scrollIntoView()");
            screen(a, "20-invite-links");
            a.click("#join-requests .join-request button");
            a.textIn("#group-members", "carol");
            a.click("#group-dialog form[method=dialog] button");

            // Bob follows a link to Carol's group: he sees what it is, joins, and is in it
            String hiking = api.post(carol, "/conversations", java.util.Map.of("type", "group", "title", "Hiking", "participants", List.of()))
                    .body().get("conversationId").asText();
            String hikingCode = api.post(carol, "/conversations/" + hiking + "/invite-links", java.util.Map.of()).body().get("code").asText();
            ApiClient.eventually(() -> api.get(carol, "/invite-links/" + hikingCode).status() == 200, "the link readable");
            b.get(base() + "#join=" + hikingCode);
            b.textIn("#join-title", "Hiking");
            b.textIn("#join-details", "1 member");
            screen(b, "21-join-by-link");
            b.click("#join-submit");
            b.textIn("#conversation-title", "Hiking");
            b.textIn("#message-list .service[data-type='member.joined']", "You joined by an invite link");

            // and leaves it again: gone from his inbox, "left" in the group's history
            b.click("#group-info");
            b.click("#group-leave");
            b.acceptConfirmation();
            b.await(d -> d.findElement(By.id("inbox")).getText().contains("Hiking") ? null : true, "the group gone from the inbox");
            ApiClient.eventually(() -> api.get(carol, "/messages/history?conversation_id=" + hiking).body().toString().contains("member.left"),
                    "member.left in history");

            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void editDeleteImagesBlockingAndOlderHistory() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");
            startChat(a, bob);
            send(a, "Typo mesage");
            a.visible(message(1) + " .ticks");
            acceptRequest(b);
            b.textIn(message(1) + " .body", "Typo mesage");

            // edit: B sees the new text, marked edited
            a.hoverAndClick(message(1), message(1) + " .actions .edit");
            WebElement field = a.visible(message(1) + " .edit-input");
            field.clear();
            field.sendKeys("Typo message, fixed: see https://example.org/docs?page=2.\n");
            b.textIn(message(1) + " .body", "Typo message, fixed");
            b.visible(message(1) + " .edited");
            // a link is an anchor that opens apart from the app, without the sentence's full stop
            WebElement link = b.visible(message(1) + " .body a");
            assertThat(link.getAttribute("href")).isEqualTo("https://example.org/docs?page=2");
            assertThat(link.getAttribute("rel")).contains("noopener", "noreferrer");
            assertThat(link.getText()).isEqualTo("https://example.org/docs?page=2");
            // "edited" opens the message's versions, oldest first
            b.click(message(1) + " .edited");
            b.textIn("#versions-list .version:nth-child(1) .version-body", "Typo mesage");
            b.textIn("#versions-list .version:nth-child(2) .version-body", "Typo message, fixed");
            assertThat(b.driver().findElements(By.cssSelector("#versions-list .version"))).hasSize(2);
            screen(b, "12-versions");
            b.click("#versions-dialog .dialog-buttons button");

            // an image: uploaded, sent, and shown to B from its thumbnail
            Path picture = Files.createTempFile("picture-", ".png");
            BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(10, 102, 228));
            g.fillRect(0, 0, 640, 480);
            g.setColor(Color.WHITE);
            g.fillOval(220, 140, 200, 200);
            g.dispose();
            ImageIO.write(image, "png", picture.toFile());
            a.driver().findElement(By.id("attach")).sendKeys(picture.toAbsolutePath().toString());
            a.textIn("#attachment", picture.getFileName().toString());
            send(a, "a picture");
            a.visible(message(2) + " .ticks");
            b.await(d -> {
                List<WebElement> images = d.findElements(By.cssSelector(message(2) + " img.media"));
                return !images.isEmpty() && (Boolean) ((JavascriptExecutor) d).executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0", images.get(0)) ? true : null;
            }, "the picture shown");
            b.textIn(message(2) + " .body", "a picture");
            screen(b, "08-image");

            // a reply: B answers the first message; both see it quoted above the answer, and a click shows the original
            b.hoverAndClick(message(1), message(1) + " .actions .reply");
            b.textIn("#reply-bar .reply-text", "Typo message, fixed");
            send(b, "thanks for fixing");
            b.textIn(message(3) + " .quote .quote-text", "Typo message, fixed");
            assertThat(b.driver().findElement(By.id("reply-bar")).isDisplayed()).isFalse();
            a.textIn(message(3) + " .quote .quote-text", "Typo message, fixed");
            a.textIn(message(3) + " .quote .quote-sender", "You");
            screen(a, "11-reply");
            a.click(message(3) + " .quote");
            a.visible(message(1) + ".found");

            // delete: a tombstone for B, the text gone
            a.hoverAndClick(message(1), message(1) + " .actions .delete");
            a.acceptConfirmation();
            b.textIn(message(1) + " .body.deleted", "Message deleted");
            assertThat(b.driver().findElement(By.cssSelector(message(1))).getText()).doesNotContain("Typo");
            // and the reply now quotes a deleted message
            b.textIn(message(3) + " .quote.deleted .quote-text", "Message deleted");
            assertThat(b.driver().findElement(By.cssSelector(message(3))).getText()).doesNotContain("Typo");

            // B blocks A: B's composer is off, A's send is refused and shown as not sent
            b.click("#block-toggle");
            b.acceptConfirmation();
            b.textIn("#block-toggle", "Unblock");
            assertThat(b.driver().findElement(By.id("composer-input")).isEnabled()).isFalse();
            send(a, "are you there?");
            a.visible("#message-list .message.pending .ticks[data-state='failed']");
            a.textIn("#message-list .failed-actions", "Blocked");
            screen(b, "09-blocked");
            b.click("#block-toggle");
            b.textIn("#block-toggle", "Block");
            a.click("#message-list .failed-actions .retry");
            a.textIn(message(4) + " .body", "are you there?");
            b.textIn(message(4) + " .body", "are you there?");

            // older history loads when scrolling up: 60 more messages through the API, then a fresh page load
            ApiClient.User aliceApi = signInThroughApi(alice);
            String conversationId = a.visible("#inbox .inbox-item.current").findElement(By.xpath("..")).getAttribute("data-conversation-id");
            for (int i = 1; i <= 60; i++) {
                assertThat(api().post(aliceApi, "/messages/send",
                        Map.of("conversationId", conversationId, "body", "filler " + i, "clientMessageId", "filler-" + i)).status())
                        .isEqualTo(201);
            }
            b.textIn(message(64) + " .body", "filler 60");
            b.get(base());
            b.click("#inbox .inbox-item");
            b.textIn(message(64) + " .body", "filler 60");
            assertThat(b.driver().findElements(By.cssSelector(message(1)))).isEmpty(); // only the newest 50 so far
            b.await(d -> {
                ((JavascriptExecutor) d).executeScript("document.getElementById('messages').scrollTop = 0");
                return d.findElements(By.cssSelector(message(1))).isEmpty() ? null : true;
            }, "the first message after scrolling up");
            b.visible("#history-start");
            assertThat(b.driver().findElements(By.cssSelector("#message-list .message"))).hasSize(64);

            // A deletes the account from the account screen (the password asked again): signed out at once, and B sees
            // every message A sent become deleted, live, within seconds
            a.click("#account-open");
            a.visible("#account-dialog");
            a.type("#account-delete-password", "not the password");
            a.click("#account-delete");
            a.textIn("#account-delete-error", "not this account's password");
            a.type("#account-delete-password", PASSWORD);
            screen(a, "23-account-delete");
            a.click("#account-delete");
            a.visible("#signin-form");
            a.textIn("#auth-error", "Your account is deleted");
            b.textIn(message(64) + " .body.deleted", "Message deleted");
            b.textIn(message(1) + " .body.deleted", "Message deleted");
            assertThat(api().get(signInThroughApi(bob), "/users/lookup?username=" + alice).status()).isEqualTo(404);

            assertThat(a.consoleErrors()).isEmpty();
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aDroppedStreamResumesFromItsLastPositionWithoutLossOrDuplicates() throws Exception {
        String alice = username("alice");
        String bob = username("bob");
        try (Browser a = Browser.open("alice"); Browser b = Browser.open("bob")) {
            b.allowDroppingStreams();
            signUp(a, alice, "Alice");
            signUp(b, bob, "Bob");
            startChat(a, bob);
            send(a, "before the drop");
            acceptRequest(b);
            b.textIn(message(1) + " .body", "before the drop");

            b.script("window.__dropStreams()");
            b.textIn("#connection", "Offline");
            for (int i = 1; i <= 3; i++) {
                send(a, "while away " + i);
                a.visible(message(1 + i) + " .ticks");
            }
            Thread.sleep(500);
            assertThat(b.driver().findElements(By.cssSelector(message(2)))).as("nothing arrives while the stream is down").isEmpty();

            b.script("window.__restoreStreams()");
            for (int i = 1; i <= 3; i++) {
                b.textIn(message(1 + i) + " .body", "while away " + i);
            }
            b.await(d -> ((String) b.script("return document.getElementById('connection').dataset.status")).equals("live") ? true : null,
                    "the stream live again");
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) b.script("return window.__streamUrls");
            assertThat(urls.get(urls.size() - 1)).as("resumed from the last position seen").containsPattern("since=\\d+");
            send(a, "after the drop");
            b.textIn(message(5) + " .body", "after the drop");
            assertThat(b.driver().findElements(By.cssSelector("#message-list .message"))).as("each message once").hasSize(5);
            assertThat(b.consoleErrors()).allMatch(error -> error.contains("EventSource"), "only the cut streams' complaints");
        }
    }

    @Test
    void findingPeopleNotificationsDraftsDaysNewMessagesFilesMutingTheOutboxAndEncryption() throws Exception {
        String bob = username("bob");
        try (Browser b = Browser.open("bob")) {
            signUp(b, bob, "Bob");
            ApiClient.User bobApi = signInThroughApi(bob);
            ApiClient.User alice = api().signUp("alice");
            // someone found by the start of their name in the new chat dialog
            b.click("#new-chat");
            b.type("#new-chat-usernames", alice.username().substring(0, 9));
            b.visible("#new-chat-suggestions .suggestion[data-username='" + alice.username() + "']");
            screen(b, "31-new-chat");
            b.click("#new-chat-suggestions .suggestion[data-username='" + alice.username() + "']");
            assertThat(b.script("return document.getElementById('new-chat-usernames').value")).isEqualTo(alice.username() + ", ");
            b.click("#new-chat-cancel");

            // notifications allowed: the service worker is registered (for Web Push), and a message in a chat that is not
            // on screen shows a notification (the page's own: headless Chromium has no push service to subscribe to)
            b.grantNotifications();
            b.get(base());
            b.await(d -> Boolean.TRUE.equals(b.script("return navigator.serviceWorker.getRegistration('/')"
                    + ".then((r) => Boolean(r && (r.active || r.installing || r.waiting)))")) ? true : null, "the service worker registered");
            b.script("""
                    window.__shown = [];
                    const Shown = window.Notification;
                    window.Notification = class extends Shown {
                      constructor(title, options) { super(title, options); window.__shown.push(title + ': ' + (options && options.body)); }
                    };
                    window.__tones = 0;
                    const start = OscillatorNode.prototype.start;
                    OscillatorNode.prototype.start = function (...when) { window.__tones += 1; return start.apply(this, when); };
                    """);
            b.click("#notifications-open");
            b.textIn("#notifications-status", "On");
            b.click("#notifications-sound"); // the sound turned on plays once, as a sample
            assertThat(((Number) b.script("return window.__tones")).intValue()).isEqualTo(1);
            screen(b, "32-notifications");
            b.click("#notifications-dialog .dialog-buttons button");

            String chat = api().directChat(alice, bobApi);
            assertThat(api().post(alice, "/messages/send", Map.of("conversationId", chat, "body", "hello there")).status()).isEqualTo(201);
            b.await(d -> String.valueOf(b.script("return window.__shown.join('|')")).contains("alice: hello there") ? true : null,
                    "a notification of the message");
            assertThat(((Number) b.script("return window.__tones")).intValue()).as("the sound for the message").isEqualTo(2);

            // a draft stays with its conversation across a reload, and the inbox says so
            b.click("#inbox .inbox-item");
            b.textIn(message(1) + " .body", "hello there");
            b.textIn("#message-list .day-separator", "Today");
            b.type("#composer-input", "half a thought");
            b.get(base());
            b.textIn("#inbox .inbox-preview.draft", "Draft: half a thought");

            // forty arrive while it is closed: opened, "New messages" sits above the first of them, and the view is there
            for (int i = 1; i <= 40; i++) {
                assertThat(api().post(alice, "/messages/send", Map.of("conversationId", chat, "body", "news " + i,
                        "clientMessageId", "news-" + i)).status()).isEqualTo(201);
            }
            b.textIn("#inbox .unread-badge", "40");
            b.click("#inbox .inbox-item");
            b.textIn(message(41) + " .body", "news 40");
            b.visible("#unread-divider + " + message(2).substring("#message-list ".length()));
            assertThat(b.script("return document.getElementById('composer-input').value")).isEqualTo("half a thought");
            assertThat(b.driver().findElements(By.cssSelector("#message-list .day-separator"))).as("all of today's under one").hasSize(1);
            b.visible("#jump-latest");
            screen(b, "25-new-messages");
            b.click("#jump-latest");
            b.await(d -> d.findElement(By.id("jump-latest")).isDisplayed() ? null : true, "at the latest, no jump button");

            // scrolled up, what arrives out of sight is counted on the button
            b.script("document.getElementById('messages').scrollTop = 0");
            b.visible("#jump-latest");
            assertThat(api().post(alice, "/messages/send", Map.of("conversationId", chat, "body", "one more")).status()).isEqualTo(201);
            b.textIn("#jump-count", "1");

            // muted for a week from the header: the inbox marks it
            b.click("#mute-toggle");
            b.visible("#mute-dialog");
            screen(b, "33-mute");
            b.click("#mute-dialog input[value='1w']");
            b.click("#mute-send");
            b.textIn("#mute-toggle", "Unmute");
            b.visible("#inbox .inbox-item.current .muted-mark");

            // a reaction from the full emoji picker, and Ctrl+K goes to search
            b.hoverAndClick(message(41), message(41) + " .actions .react");
            b.click(message(41) + " .more-emoji");
            b.visible("#emoji-dialog");
            screen(b, "34-emoji-picker");
            b.click("#emoji-dialog button.emoji[data-emoji='\uD83C\uDF89']");
            b.textIn(message(41) + " .reactions", "\uD83C\uDF89");
            new org.openqa.selenium.interactions.Actions(b.driver()).keyDown(org.openqa.selenium.Keys.CONTROL).sendKeys("k")
                    .keyUp(org.openqa.selenium.Keys.CONTROL).perform();
            b.await(d -> "search-input".equals(d.switchTo().activeElement().getAttribute("id")) ? true : null, "Ctrl+K in search");

            // sent, the draft is gone; signing out forgets any other
            b.driver().findElement(By.id("composer-input")).sendKeys("\n");
            b.textIn(message(43) + " .body", "half a thought");
            b.get(base());
            b.visible("#inbox .muted-mark"); // still muted after a reload: the inbox says until when
            b.click("#inbox .inbox-item");
            b.textIn("#mute-toggle", "Unmute");
            b.click("#mute-toggle");
            b.textIn("#mute-toggle", "Mute");
            assertThat(b.driver().findElements(By.cssSelector("#inbox .muted-mark"))).isEmpty();
            b.textIn(message(43) + " .body", "half a thought");
            assertThat(b.script("return document.getElementById('composer-input').value")).isEqualTo("");
            assertThat(b.driver().findElements(By.id("unread-divider"))).as("nothing new this time").isEmpty();
            // a document dropped on the conversation is attached and sent as a file to download
            b.script("""
                    const pdf = new TextEncoder().encode('%PDF-1.4\\n1 0 obj << /Type /Catalog >> endobj\\ntrailer << /Root 1 0 R >>\\n%%EOF\\n');
                    const files = new DataTransfer();
                    files.items.add(new File([pdf], 'notes.pdf', { type: 'application/pdf' }));
                    document.getElementById('conversation-view').dispatchEvent(
                      new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
                    """);
            b.textIn("#attachment", "notes.pdf");
            b.driver().findElement(By.id("send")).click();
            b.textIn(message(44) + " .file-download", ".pdf");
            eventually(() -> api().get(alice, "/messages/history?conversation_id=" + chat).body().toString().contains("application/pdf"),
                    "the document in the other side's history");

            // audio pasted into the composer and sent over a slow uplink shows its upload's progress, and plays inline: a
            // WAV of four seconds made here
            b.script("""
                    const rate = 22050, seconds = 4, samples = rate * seconds;
                    const wav = new DataView(new ArrayBuffer(44 + 2 * samples));
                    const text = (at, s) => [...s].forEach((c, i) => wav.setUint8(at + i, c.charCodeAt(0)));
                    text(0, 'RIFF'); wav.setUint32(4, 36 + 2 * samples, true); text(8, 'WAVEfmt ');
                    wav.setUint32(16, 16, true); wav.setUint16(20, 1, true); wav.setUint16(22, 1, true);
                    wav.setUint32(24, rate, true); wav.setUint32(28, 2 * rate, true); wav.setUint16(32, 2, true);
                    wav.setUint16(34, 16, true); text(36, 'data'); wav.setUint32(40, 2 * samples, true);
                    for (let i = 0; i < samples; i++) wav.setInt16(44 + 2 * i, Math.round(8000 * Math.sin(i / 10)), true);
                    const files = new DataTransfer();
                    files.items.add(new File([wav.buffer], 'voice.wav', { type: 'audio/wav' }));
                    document.getElementById('composer-input').dispatchEvent(
                      new ClipboardEvent('paste', { clipboardData: files, bubbles: true, cancelable: true }));
                    """);
            b.textIn("#attachment", "voice.wav");
            b.throttleUpload(40_000);
            b.driver().findElement(By.id("send")).click();
            b.await(d -> ((Number) b.script("const p = document.querySelector('#message-list .message.pending progress');"
                    + " return p ? p.value : 0")).doubleValue() > 0 ? true : null, "the upload's progress shown while it goes");
            b.throttleUpload(-1);
            b.present(message(45) + " audio.media-audio");
            b.await(d -> ((Number) b.script("const a = document.querySelector(\"" + message(45) + " audio\");"
                    + " return a.readyState >= 1 ? a.duration : 0")).doubleValue() > 3.5 ? true : null, "the audio loaded, four seconds long");
            b.textIn("#inbox .inbox-item.current .inbox-preview", "You: Audio");
            // a video, recorded here from a canvas: behind a play button, played inline once asked for
            b.script("""
                    const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 120 });
                    const paint = canvas.getContext('2d');
                    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
                    const chunks = [];
                    recorder.ondataavailable = (e) => chunks.push(e.data);
                    recorder.onstop = () => {
                      const files = new DataTransfer();
                      files.items.add(new File(chunks, 'clip.webm', { type: 'video/webm' }));
                      document.getElementById('conversation-view').dispatchEvent(
                        new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
                    };
                    let frame = 0;
                    const draw = setInterval(() => { paint.fillStyle = `hsl(${frame++ * 12}, 80%, 50%)`; paint.fillRect(0, 0, 160, 120); }, 40);
                    recorder.start();
                    setTimeout(() => { recorder.stop(); clearInterval(draw); }, 1000);
                    """);
            b.textIn("#attachment", "clip.webm");
            b.driver().findElement(By.id("send")).click();
            b.click(message(46) + " .media-play");
            b.await(d -> ((Number) b.script("const v = document.querySelector(\"" + message(46) + " video\");"
                    + " return v && v.readyState >= 1 ? v.videoWidth : 0")).intValue() == 160 ? true : null, "the video playing inline");
            screen(b, "28-audio-and-video");
            eventually(() -> api().get(alice, "/messages/history?conversation_id=" + chat).body().toString().contains("video/webm"),
                    "the video in the other side's history");

            // written with the network gone: kept in the outbox, and sent (once) from the page loaded after it is back
            b.offline(true);
            send(b, "written offline");
            b.visible("#message-list .failed-actions .retry");
            assertThat(b.script("return localStorage.getItem('messenger.outbox.' + " + "'" + bobApi.userId() + "')")).asString()
                    .contains("written offline");
            b.offline(false);
            b.get(base());
            b.click("#inbox .inbox-item");
            b.textIn(message(47) + " .body", "written offline");
            eventually(() -> api().get(alice, "/messages/history?conversation_id=" + chat).body().toString().contains("written offline"),
                    "the outbox's message on the other side");
            assertThat(api().get(alice, "/messages/history?conversation_id=" + chat).body().toString().split("written offline", -1))
                    .as("sent once").hasSize(2);

            // end-to-end encryption: this browser becomes a device (keys made here, private ones non-extractable in
            // IndexedDB); Carol, on the reference client (ops/e2ee-client), writes to it, and each reads the other
            b.click("#account-open");
            b.click("#account-e2ee-enable");
            b.present("#account-devices .session[data-device-id^='web-']");
            b.script("document.getElementById('account-dialog').close()");
            ApiClient.User carol = api().signUp("carol");
            dev.messenger.ops.e2ee.E2eeClient carolsLaptop = dev.messenger.ops.e2ee.E2eeClient.signIn("http://localhost:" + port,
                    carol.username(), "correct horse", "laptop");
            String secret = "meet at the old mill " + UUID.randomUUID();
            String answer = "see you there " + UUID.randomUUID();
            String encrypted = carolsLaptop.startEncryptedChat(bobApi.userId());
            carolsLaptop.send(encrypted, List.of(bobApi.userId()), secret);
            // the files shown in the chat with Alice hold their bytes in object URLs, given back once another chat opens
            b.script("""
                    window.__objectUrls = new Set();
                    const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
                    URL.createObjectURL = (o) => { const url = create(o); window.__objectUrls.add(url); return url; };
                    URL.revokeObjectURL = (url) => { window.__objectUrls.delete(url); revoke(url); };
                    """);
            b.click("#requests-toggle");
            b.click("#inbox .inbox-item"); // Carol's request looked at: the chat with Alice left, then opened again
            b.click("#requests-toggle");
            b.click("#inbox li[data-conversation-id='" + chat + "'] .inbox-item");
            b.present(message(45) + " audio.media-audio");
            b.click(message(46) + " .media-play");
            b.await(d -> ((Number) b.script("return window.__objectUrls.size")).intValue() >= 2 ? true : null, "the audio's and video's URLs");
            acceptRequest(b);
            assertThat(((Number) b.script("return window.__objectUrls.size")).intValue()).as("object URLs left").isZero();
            b.textIn(message(1) + " .body.decrypted", secret);
            send(b, answer);
            b.textIn(message(2) + " .body.decrypted", answer);
            screen(b, "27-encrypted");
            eventually(() -> carolsLaptop.readHistory(encrypted).stream().anyMatch(m -> m.plaintext().equals(answer)),
                    "the browser's answer opened by the reference client");
            b.get(base()); // read again after a reload: the keys and sessions are kept in the browser
            b.click("#inbox li[data-conversation-id='" + encrypted + "'] .inbox-item");
            b.textIn(message(1) + " .body.decrypted", secret);
            b.textIn(message(2) + " .body.decrypted", answer);
            // keyboard: Alt+Down and Alt+Up open the conversation below and above in the inbox
            List<String> listed = b.driver().findElements(By.cssSelector("#inbox li[data-conversation-id]")).stream()
                    .map(li -> li.getAttribute("data-conversation-id")).toList();
            assertThat(listed).containsExactlyInAnyOrder(encrypted, chat);
            String other = listed.get(0).equals(encrypted) ? chat : encrypted;
            org.openqa.selenium.Keys step = listed.get(0).equals(encrypted) ? org.openqa.selenium.Keys.ARROW_DOWN
                    : org.openqa.selenium.Keys.ARROW_UP;
            new org.openqa.selenium.interactions.Actions(b.driver()).keyDown(org.openqa.selenium.Keys.ALT).sendKeys(step)
                    .keyUp(org.openqa.selenium.Keys.ALT).perform();
            b.visible("#inbox li[data-conversation-id='" + other + "'] .inbox-item.current");
            new org.openqa.selenium.interactions.Actions(b.driver()).keyDown(org.openqa.selenium.Keys.ALT)
                    .sendKeys(step == org.openqa.selenium.Keys.ARROW_DOWN ? org.openqa.selenium.Keys.ARROW_UP : org.openqa.selenium.Keys.ARROW_DOWN)
                    .keyUp(org.openqa.selenium.Keys.ALT).perform();
            b.visible("#inbox li[data-conversation-id='" + encrypted + "'] .inbox-item.current");
            // the server never saw either text: no table, collection, index, Redis key or Kafka record holds it
            dev.messenger.gateway.StoreScan scan = new dev.messenger.gateway.StoreScan(postgres, mongo, redis);
            assertThat(scan.inPostgres(List.of(carol.username()))).as("the scan finds what is there").containsExactly(carol.username());
            assertThat(scan.everyStore(List.of(secret, answer), topic -> true))
                    .allSatisfy((store, inStore) -> assertThat(inStore).as("the plaintext in " + store).isEmpty());

            b.type("#composer-input", "not for the next person");
            b.click("#sign-out");
            b.visible("#signin-form");
            assertThat(b.script("return Object.keys(localStorage).filter((k) => k.startsWith('messenger.draft.')"
                    + " || k.startsWith('messenger.outbox.') || k.startsWith('messenger.device.')).length")).as("drafts, outbox and device forgotten").isEqualTo(0L);
            assertThat(b.consoleErrors()).as("only what the cut network caused")
                    .allMatch(error -> error.contains("ERR_INTERNET_DISCONNECTED") || error.contains("Failed to fetch")
                            || error.contains("EventSource"));
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    private javax.sql.DataSource postgres;

    @org.springframework.beans.factory.annotation.Autowired
    private com.mongodb.client.MongoClient mongo;

    @org.springframework.beans.factory.annotation.Autowired
    private org.redisson.api.RedissonClient redis;

    private ApiClient.User signInThroughApi(String username) {
        ApiClient.Response token = api().post(null, "/auth/token", Map.of("username", username, "password", PASSWORD));
        ApiClient.Response me = api().getWithToken("Bearer " + token.body().get("access_token").asText(), "/users/me");
        return new ApiClient.User(me.body().get("userId").asText(), username, token.body().get("access_token").asText());
    }
}
