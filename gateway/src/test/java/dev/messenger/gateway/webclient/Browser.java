package dev.messenger.gateway.webclient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: headless Debian Chromium driven through chromium-driver, with a fresh profile
 * (so two of them are two separate sessions, like two people). Chromium is installed from Debian's
 * packages when it is missing, as the probe of this machine did.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Without it the screenshots show reactions as empty boxes. */
    static final Path EMOJI_FONT = Path.of("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path FAILURES = Path.of("target", "browser-screenshots", "failures");

    private final ChromeDriver driver;
    private final Path profile;
    private final String name;

    private Browser(String name, ChromeDriver driver, Path profile) {
        this.name = name;
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser open(String name) throws IOException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("messenger-browser-" + name + "-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        // without the background-networking flags Chromium keeps trying hosts this closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1200,800", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(name, new ChromeDriver(service, options), profile);
    }

    /** Debian's chromium, chromium-driver and an emoji font, installed as root when one is missing. */
    static synchronized void ensureInstalled() throws IOException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) && Files.exists(EMOJI_FONT)) {
            return;
        }
        run(List.of("apt-get", "update"));
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver", "fonts-noto-color-emoji"));
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("chromium and chromium-driver are not installed, and apt-get could not install them");
        }
    }

    private static void run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "messenger-chromium-install.log"));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed (as root? see messenger-chromium-install.log in "
                        + System.getProperty("java.io.tmpdir") + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * From the next page load on, the page's EventSource streams can be cut and kept from reconnecting, as a
     * network drop would: {@code window.__dropStreams()} fails every open stream, and new ones fail until
     * {@code window.__restoreStreams()}. Done through the DevTools protocol, before the page's own scripts run.
     */
    public void allowDroppingStreams() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
                (() => {
                  const Real = window.EventSource;
                  const open = [];
                  let down = false;
                  window.__streamUrls = [];
                  window.EventSource = class extends Real {
                    constructor(url, init) {
                      super(down ? '/events-unreachable' : url, init);
                      window.__streamUrls.push(String(url));
                      open.push(this);
                    }
                  };
                  window.__dropStreams = () => {
                    down = true;
                    for (const s of open.splice(0)) { s.close(); s.dispatchEvent(new Event('error')); }
                  };
                  window.__restoreStreams = () => { down = false; };
                })();
                """));
    }

    public Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Loads the page; a load that has not finished in 30 s is tried once more (on a loaded 2-core machine Chromium has,
     * rarely, hung on a first navigation until the driver's three-minute command timeout).
     */
    public void get(String url) {
        driver.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(30));
        try {
            driver.get(url);
        } catch (org.openqa.selenium.TimeoutException slow) {
            driver.get(url);
        }
    }

    /** Waits for the condition (the page re-renders as events arrive, so a stale element is tried again). */
    public <T> T await(Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(name + ": " + what)
                    .ignoring(StaleElementReferenceException.class).until(condition);
        } catch (RuntimeException e) {
            String shot;
            try {
                shot = screenshot(FAILURES, name + "-" + System.currentTimeMillis() + ".png").toString();
            } catch (IOException | RuntimeException s) {
                shot = "none: " + s;
            }
            throw new AssertionError(name + ": " + what + " (screenshot: " + shot + "; browser console: " + console()
                    + "; page: " + pageText() + ")", e);
        }
    }

    private String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText().replace('\n', '|');
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public WebElement visible(String css) {
        return await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)), css + " visible");
    }

    public WebElement present(String css) {
        return await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)), css + " present");
    }

    public void textIn(String css, String text) {
        await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().anyMatch(e -> e.getText().contains(text)) ? true : null;
        }, "\"" + text + "\" in " + css);
    }

    public void type(String css, String text) {
        WebElement field = visible(css);
        field.clear();
        field.sendKeys(text);
    }

    public void click(String css) {
        await(d -> {
            WebElement control = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
            if (control == null) {
                return null;
            }
            control.click();
            return true;
        }, css + " clicked");
    }

    /** Hovers first, as a person would, for controls that show on hover. */
    public void hoverAndClick(String hoverCss, String clickCss) {
        await(d -> {
            new Actions(d).moveToElement(d.findElement(By.cssSelector(hoverCss))).perform();
            WebElement control = d.findElement(By.cssSelector(clickCss));
            if (!control.isDisplayed()) {
                return null;
            }
            control.click();
            return true;
        }, "hover " + hoverCss + " and click " + clickCss);
    }

    public void acceptConfirmation() {
        await(ExpectedConditions.alertIsPresent(), "a confirmation").accept();
    }

    /** The system's colour scheme as the page sees it ({@code prefers-color-scheme}: "light" or "dark"). */
    public void prefersColorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Lets the pages show notifications, as a user's "Allow" would. */
    public void grantNotifications() {
        driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("permissions", List.of("notifications")));
    }

    /** Cuts the page off the network (or gives it back), as a lost connection would: requests fail at once. */
    public void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Slows what the page sends to {@code bytesPerSecond} (or, with -1, no longer), as a slow uplink would. */
    public void throttleUpload(int bytesPerSecond) {
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", bytesPerSecond));
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The roles a person operates or reads as a thing of its own: each needs a name a screen reader can say. */
    private static final java.util.Set<String> NAMED_ROLES = java.util.Set.of("button", "link", "textbox", "searchbox",
            "checkbox", "radio", "combobox", "listbox", "menuitem", "switch", "slider", "spinbutton", "tab", "image", "img",
            "dialog", "progressbar");

    /**
     * The controls and images on screen that have no accessible name, as Chromium's own accessibility tree computes it
     * (labels, aria-label, text content, alt, title): each as its role and the start of its HTML. What is hidden, in a
     * closed dialog or {@code aria-hidden} is not in the tree.
     */
    @SuppressWarnings("unchecked")
    public List<String> unnamedControls() {
        var nodes = (List<java.util.Map<String, Object>>) driver.executeCdpCommand("Accessibility.getFullAXTree", java.util.Map.of())
                .get("nodes");
        var unnamed = new java.util.ArrayList<String>();
        for (var node : nodes) {
            if (Boolean.TRUE.equals(node.get("ignored"))) continue;
            String role = String.valueOf(((java.util.Map<String, Object>) node.getOrDefault("role", java.util.Map.of())).get("value"));
            if (!NAMED_ROLES.contains(role)) continue;
            var name = (java.util.Map<String, Object>) node.get("name");
            if (name != null && name.get("value") != null && !String.valueOf(name.get("value")).isBlank()) continue;
            String html = "?";
            if (node.get("backendDOMNodeId") != null) {
                if (unnamed.isEmpty()) {
                    driver.executeCdpCommand("DOM.getDocument", java.util.Map.of("depth", -1)); // lets DOM.* name nodes
                }
                html = String.valueOf(driver.executeCdpCommand("DOM.getOuterHTML",
                        java.util.Map.of("backendNodeId", node.get("backendDOMNodeId"))).get("outerHTML"));
            }
            unnamed.add(role + ": " + html.substring(0, Math.min(160, html.length())));
        }
        return unnamed;
    }

    public Path screenshot(Path directory, String fileName) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(fileName);
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        return target;
    }

    /** What the page logged (errors first of all), for failure messages. */
    public String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList().toString();
        } catch (RuntimeException e) {
            return "(no console log: " + e + ")";
        }
    }

    /**
     * Errors the page's code raised or logged. Chromium also logs every HTTP answer of 4xx as an error ("Failed to
     * load resource"); those are the API's answers the client handles, so they are left out.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
