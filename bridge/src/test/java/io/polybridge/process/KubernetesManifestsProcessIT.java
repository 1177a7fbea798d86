package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests the build generates (bridge/target/kubernetes/kubernetes.json): probes on the management
 * port, credentials only by reference to a Secret, resources set, and metrics scraped from the management port.
 */
class KubernetesManifestsProcessIT {

    private static final Path MANIFESTS = Path.of("target", "kubernetes", "kubernetes.json");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|JAAS).*");
    private static final int MANAGEMENT_PORT = 9000;

    private static List<JsonNode> resources;

    @BeforeAll
    static void read() throws IOException {
        JsonNode list = new ObjectMapper().readTree(MANIFESTS.toFile());
        resources = new ArrayList<>();
        (list.isArray() ? list : list.path("items")).forEach(resources::add);
    }

    @Test
    void theDeploymentProbesTheManagementPort() {
        JsonNode container = container();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).startsWith("/q/health/");
            assertThat(get.path("port").asInt()).as(probe + " port").isEqualTo(MANAGEMENT_PORT);
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/ready");
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        assertThat(ports).contains(8080, MANAGEMENT_PORT);
    }

    @Test
    void credentialsComeFromASecretAndNoneIsInlined() {
        JsonNode container = container();
        assertThat(container.path("envFrom").findValuesAsText("name")).contains("polytomic-kafka-bridge");
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (CREDENTIAL.matcher(name).matches()) {
                assertThat(env.has("value")).as(name + " is given inline").isFalse();
            }
        }
        String all = resources.toString();
        assertThat(all).doesNotContainIgnoringCase("sim-api-key").doesNotContain("Bearer ");
    }

    @Test
    void resourcesAreSetAndMetricsAreScrapedFromTheManagementPort() {
        JsonNode container = container();
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isNotBlank();
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isNotBlank();
        assertThat(container.path("resources").path("requests").path("cpu").asText())
                .isNotBlank();
        JsonNode monitor = kind("ServiceMonitor");
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("targetPort").asInt()).isEqualTo(MANAGEMENT_PORT);
        // The Service keeps to the HTTP API: the management port is scraped and probed on the pods themselves (the
        // ServiceMonitor's targetPort), never offered to the Service's clients.
        List<Integer> servicePorts = new ArrayList<>();
        kind("Service")
                .path("spec")
                .path("ports")
                .forEach(p -> servicePorts.add(p.path("targetPort").asInt()));
        assertThat(servicePorts).containsExactly(8080);
        JsonNode annotations = kind("Deployment")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(MANAGEMENT_PORT));
        assertThat(container.path("image").asText()).startsWith("docker.io/polybridge/polytomic-kafka-bridge:");
    }

    private static JsonNode container() {
        return kind("Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static JsonNode kind(String kind) {
        return resources.stream()
                .filter(r -> kind.equals(r.path("kind").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFESTS));
    }
}
