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
 * The manifests in ops/kubernetes, read into the Kubernetes API's typed model (fabric8): every field known to its kind,
 * the probes on the gateway's health groups, every variable one the gateway reads, and the resources fitting together
 * (selectors, the Ingress's and ServiceMonitor's Services and ports). The Kustomize base is read as {@code kubectl apply -k}
 * would: the files its kustomization lists; each overlay's patches are applied to it as merge patches (they set no
 * lists, where a strategic merge would differ) and the result is checked the same way.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "ops", "kubernetes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<?>> KINDS = Map.of("ConfigMap", ConfigMap.class, "Deployment", Deployment.class,
            "Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "Secret", Secret.class,
            "Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
            "ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class);

    @Test
    void theBaseIsValidResourcesOfTheirKindsThatFitTogether() throws IOException {
        Map<String, Map<String, Object>> base = kustomization(DIR);
        base.putAll(documents(DIR.resolve("secret.example.yaml")));
        check(base);
    }

    @Test
    void everyOverlayPatchesResourcesOfTheBaseAndStillFits() throws IOException {
        List<Path> overlays;
        try (var dirs = Files.list(DIR.resolve("overlays"))) {
            overlays = dirs.filter(Files::isDirectory).toList();
        }
        assertThat(overlays).isNotEmpty();
        for (Path overlay : overlays) {
            Map<String, Map<String, Object>> resources = kustomization(overlay);
            resources.putAll(documents(DIR.resolve("secret.example.yaml")));
            check(resources);
        }
        Map<String, Map<String, Object>> small = kustomization(DIR.resolve("overlays").resolve("small"));
        assertThat(JSON.convertValue(small.get("Deployment/messenger-gateway"), Deployment.class).getSpec().getReplicas())
                .as("the overlay's patch applied").isEqualTo(2);
    }

    /** The resources a kustomization lists (files, or other kustomizations), with its patches applied: by Kind/name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> kustomization(Path dir) throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(dir.resolve("kustomization.yaml")));
        assertThat(kustomization.get("kind")).isEqualTo("Kustomization");
        Map<String, Map<String, Object>> resources = new java.util.LinkedHashMap<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path at = dir.resolve(resource).normalize();
            resources.putAll(Files.isDirectory(at) ? kustomization(at) : documents(at));
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            for (var entry : documents(dir.resolve((String) patch.get("path"))).entrySet()) {
                assertThat(resources).as("the resource a patch in " + dir + " changes").containsKey(entry.getKey());
                resources.put(entry.getKey(), mergePatch(resources.get(entry.getKey()), entry.getValue()));
            }
        }
        return resources;
    }

    private static Map<String, Map<String, Object>> documents(Path file) throws IOException {
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) document;
            String name = String.valueOf(((Map<?, ?>) raw.get("metadata")).get("name"));
            assertThat(found.put(raw.get("kind") + "/" + name, raw)).as("one " + raw.get("kind") + " named " + name + " in " + file).isNull();
        }
        return found;
    }

    /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else if (value instanceof Map<?, ?> object && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, mergePatch((Map<String, Object>) existing, (Map<String, Object>) object));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static void check(Map<String, Map<String, Object>> raw) throws IOException {
        Map<String, Object> resources = new HashMap<>();
        raw.forEach((key, document) -> {
            Class<?> kind = KINDS.get(String.valueOf(document.get("kind")));
            assertThat(kind).as("a known kind: " + key).isNotNull();
            Object resource = JSON.convertValue(document, kind);
            assertThat(unknownFields(resource)).as("fields " + kind.getSimpleName() + " does not have, in " + key).isEmpty();
            resources.put(key, resource);
        });
        Deployment deployment = (Deployment) resources.get("Deployment/messenger-gateway");
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
        // proxies stop sending before the shutdown starts, and the grace period covers that wait and the shutdown
        long preStop = gateway.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(preStop).isPositive();
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(preStop + 20);

        Service service = (Service) resources.get("Service/messenger-gateway");
        assertThat(service.getSpec().getSelector()).isEqualTo(podLabels);
        assertThat(service.getSpec().getPorts()).as("the API's Service never exposes the management port")
                .noneMatch(p -> "management".equals(p.getTargetPort().getStrVal()));
        PodDisruptionBudget budget = (PodDisruptionBudget) resources.get("PodDisruptionBudget/messenger-gateway");
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        HorizontalPodAutoscaler autoscaler = (HorizontalPodAutoscaler) resources.get("HorizontalPodAutoscaler/messenger-gateway");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(autoscaler.getSpec().getMinReplicas()).isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        // a node can always be drained: the budget leaves at least one pod of the smallest scale to evict
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(autoscaler.getSpec().getMinReplicas());
        assertThat(autoscaler.getSpec().getMetrics()).extracting(m -> m.getType()).contains("Resource", "Pods");
        assertThat(autoscaler.getSpec().getMetrics()).filteredOn(m -> "Pods".equals(m.getType()))
                .allMatch(m -> "messenger_sse_streams_open".equals(m.getPods().getMetric().getName()));

        // the Ingress sends to the API's Service, by a port it has, with what server-sent events need of a proxy
        var ingress = (io.fabric8.kubernetes.api.model.networking.v1.Ingress) resources.get("Ingress/messenger-gateway");
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals(backend.getPort().getName()));
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(Integer.parseInt(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .as("seconds an idle stream stays open, far above its heartbeat").isGreaterThanOrEqualTo(600);

        // Prometheus scrapes the management port through a Service of its own that selects the gateway's pods
        var monitor = (io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor) resources.get("ServiceMonitor/messenger-gateway");
        Service management = resources.values().stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service the ServiceMonitor selects"));
        assertThat(management.getSpec().getSelector()).isEqualTo(podLabels);
        assertThat(monitor.getSpec().getEndpoints()).allSatisfy(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
            assertThat(management.getSpec().getPorts()).anyMatch(p -> p.getName().equals(endpoint.getPort())
                    && "management".equals(p.getTargetPort().getStrVal()));
        });

        // the probes' groups exist in the gateway's configuration, and every variable given is one it reads
        Map<String, Object> configuration = applicationYaml();
        assertThat(path(configuration, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
        Set<String> given = new TreeSet<>(((ConfigMap) resources.get("ConfigMap/messenger-gateway")).getData().keySet());
        given.addAll(((Secret) resources.get("Secret/messenger-gateway")).getStringData().keySet());
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
    static Set<String> variablesRead() throws IOException {
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
