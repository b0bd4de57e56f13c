package dev.messenger.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests in ops/kubernetes, read into the Kubernetes API's typed model (fabric8): every field
 * known to its kind, the probes on the gateway's health groups, and every variable one the gateway reads.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "ops", "kubernetes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<?>> KINDS = Map.of("ConfigMap", ConfigMap.class, "Deployment", Deployment.class,
            "Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "Secret", Secret.class);

    @Test
    void everyManifestIsAValidResourceOfItsKindAndTheyFitTogether() throws IOException {
        Map<Class<?>, Object> resources = new HashMap<>();
        for (Path file : List.of(DIR.resolve("gateway.yaml"), DIR.resolve("secret.example.yaml"))) {
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                Map<?, ?> raw = (Map<?, ?>) document;
                Class<?> kind = KINDS.get(String.valueOf(raw.get("kind")));
                assertThat(kind).as("a known kind in " + file + ": " + raw.get("kind")).isNotNull();
                Object resource = JSON.convertValue(raw, kind);
                assertThat(unknownFields(resource)).as("fields " + kind.getSimpleName() + " does not have").isEmpty();
                resources.put(kind, resource);
            }
        }
        Deployment deployment = (Deployment) resources.get(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        Container gateway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(unknownFields(deployment.getSpec().getTemplate().getSpec())).isEmpty();
        assertThat(unknownFields(gateway)).isEmpty();
        assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(gateway.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        // probes on the management port, which the configuration turns on
        assertThat(gateway.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(gateway.getPorts()).anyMatch(p -> "management".equals(p.getName()) && p.getContainerPort() == 9090);
        assertThat(gateway.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(gateway.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(((Service) resources.get(Service.class)).getSpec().getSelector()).isEqualTo(podLabels);
        assertThat(((PodDisruptionBudget) resources.get(PodDisruptionBudget.class)).getSpec().getSelector().getMatchLabels())
                .isEqualTo(podLabels);
        HorizontalPodAutoscaler autoscaler = (HorizontalPodAutoscaler) resources.get(HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());

        // the probes' groups exist in the gateway's configuration, and every variable given is one it reads
        Map<String, Object> configuration = applicationYaml();
        assertThat(path(configuration, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
        Set<String> given = new TreeSet<>(((ConfigMap) resources.get(ConfigMap.class)).getData().keySet());
        given.addAll(((Secret) resources.get(Secret.class)).getStringData().keySet());
        Set<String> read = variablesRead();
        read.addAll(Set.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "JAVA_TOOL_OPTIONS"));
        assertThat(read).containsAll(given);
    }

    /** The fields that did not map to the kind's model (fabric8 keeps them aside instead of failing). */
    private static Map<String, Object> unknownFields(Object resource) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> extra = (Map<String, Object>) resource.getClass().getMethod("getAdditionalProperties").invoke(resource);
            return extra == null ? Map.of() : extra;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> applicationYaml() throws IOException {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.yml")) {
            return new Yaml().load(in);
        }
    }

    /** Every ${VARIABLE} the gateway's application.yml reads. */
    private static Set<String> variablesRead() throws IOException {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.yml")) {
            Matcher variables = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(new String(in.readAllBytes()));
            Set<String> names = new TreeSet<>();
            while (variables.find()) {
                names.add(variables.group(1));
            }
            return names;
        }
    }

    private static Object path(Map<String, Object> yaml, String... keys) {
        Object at = yaml;
        List<String> walked = new ArrayList<>();
        for (String key : keys) {
            walked.add(key);
            assertThat(at).as(String.join(".", walked)).isInstanceOf(Map.class);
            at = ((Map<?, ?>) at).get(key);
        }
        return at;
    }
}
