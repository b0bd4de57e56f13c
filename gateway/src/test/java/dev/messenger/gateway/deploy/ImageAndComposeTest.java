package dev.messenger.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * The gateway's image (Jib's configuration in gateway/pom.xml) and the Docker Compose file, checked against each other
 * and against the Kubernetes Deployment: neither can be built or run on this project's build machine (no registry, no
 * Docker), so what can go wrong between them is checked here. The image: the name the Deployment and Compose run, the
 * Deployment's user, the API and management ports, a main class that exists. Compose: versions pinned, every engine
 * healthy before the gateway starts, every engine URL naming a service, every variable one the gateway reads, the
 * token-less management port bound to the host's loopback only.
 */
class ImageAndComposeTest {

    private static final Path ROOT = Path.of("..");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploymentContainer() throws IOException {
        for (Object document : new Yaml().loadAll(Files.readString(ROOT.resolve("ops/kubernetes/gateway.yaml")))) {
            Map<String, Object> resource = (Map<String, Object>) document;
            if ("Deployment".equals(resource.get("kind"))) {
                Map<String, Object> pod = at(resource, "spec", "template", "spec");
                return ((List<Map<String, Object>>) pod.get("containers")).get(0);
            }
        }
        throw new AssertionError("no Deployment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configMap() throws IOException {
        for (Object document : new Yaml().loadAll(Files.readString(ROOT.resolve("ops/kubernetes/gateway.yaml")))) {
            Map<String, Object> resource = (Map<String, Object>) document;
            if ("ConfigMap".equals(resource.get("kind"))) {
                return (Map<String, String>) resource.get("data");
            }
        }
        throw new AssertionError("no ConfigMap");
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> yaml, String... keys) {
        Object value = yaml;
        for (String key : keys) {
            assertThat(value).as(key).isInstanceOf(Map.class);
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    private static Element jib() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("gateway/pom.xml").toFile());
        var plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                return (Element) plugin.getElementsByTagName("configuration").item(0);
            }
        }
        throw new AssertionError("no jib-maven-plugin in gateway/pom.xml");
    }

    private static String text(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    private static List<String> texts(Element parent, String tag) {
        var found = parent.getElementsByTagName(tag);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            values.add(found.item(i).getTextContent().trim());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("ops/docker/compose.yaml")));
    }

    @Test
    void theImageIsWhatTheDeploymentAndComposeRun() throws Exception {
        Element jib = jib();
        assertThat(text(jib, "skip")).isEqualTo("false");
        String image = text((Element) jib.getElementsByTagName("to").item(0), "image");
        Map<String, Object> container = deploymentContainer();
        assertThat(container.get("image")).isEqualTo(image);
        assertThat(at(compose(), "services", "gateway", "image").toString()).isEqualTo(image);
        assertThat(text((Element) jib.getElementsByTagName("from").item(0), "image")).as("a Java 17 runtime").contains("17-jre");
        // the Deployment's user, who owns nothing on a read-only root filesystem
        assertThat(text(jib, "user")).isEqualTo(String.valueOf((Object) at(container, "securityContext", "runAsUser")));
        Map<String, String> configMap = configMap();
        assertThat(texts(jib, "port")).containsExactlyInAnyOrder("8080", configMap.get("MESSENGER_MANAGEMENT_PORT"));
        assertThat(text(jib, "MESSENGER_DATA_DIR")).isEqualTo(configMap.get("MESSENGER_DATA_DIR"));
        assertThat(Class.forName(text(jib, "mainClass")).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeStartsTheGatewayOnHealthyEnginesWithVariablesItReads() throws Exception {
        Map<String, Object> services = at(compose(), "services");
        assertThat(services).containsKeys("postgres", "mongodb", "opensearch", "redis", "kafka", "gateway");
        services.forEach((name, service) -> {
            String image = at((Map<String, Object>) service, "image");
            assertThat(image).as(name + "'s image, with a version").matches(".+:[0-9][^:]*").doesNotEndWith(":latest");
        });
        Map<String, Object> gateway = (Map<String, Object>) services.get("gateway");
        Map<String, Object> dependsOn = at(gateway, "depends_on");
        for (String engine : List.of("postgres", "mongodb", "opensearch", "redis", "kafka")) {
            assertThat(at((Map<String, Object>) services.get(engine), "healthcheck", "test").toString()).as(engine + "'s health check")
                    .isNotBlank();
            assertThat(at(dependsOn, engine, "condition").toString()).isEqualTo("service_healthy");
        }
        Map<String, Object> environment = at(gateway, "environment");
        assertThat(KubernetesManifestsTest.variablesRead()).containsAll(environment.keySet());
        // every engine the gateway is told of is a service of this file
        List<String> hosts = new ArrayList<>();
        hosts.add(URI.create(environment.get("DATABASE_URL").toString().substring("jdbc:".length())).getHost());
        for (String url : List.of("MONGODB_URI", "OPENSEARCH_URL", "REDIS_URL")) {
            hosts.add(URI.create(environment.get(url).toString()).getHost());
        }
        for (String server : environment.get("KAFKA_BOOTSTRAP_SERVERS").toString().split(",")) {
            hosts.add(server.substring(0, server.indexOf(':')));
        }
        assertThat(services.keySet()).containsAll(hosts);
        // the API for everyone, the actuator (which answers without a token) on the host's loopback only
        List<String> ports = at(gateway, "ports");
        assertThat(ports).contains("8080:8080");
        String management = environment.get("MESSENGER_MANAGEMENT_PORT").toString();
        assertThat(ports).filteredOn(p -> p.endsWith(":" + management)).allMatch(p -> p.startsWith("127.0.0.1:")).isNotEmpty();
        assertThat(gateway.get("read_only")).isEqualTo(true);
    }
}
