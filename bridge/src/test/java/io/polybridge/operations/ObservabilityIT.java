package io.polybridge.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.polybridge.config.BridgeConfig;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.ApiTokens;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules shipped in {@code deploy/} refer only to metrics a running
 * bridge exposes: a renamed meter fails the build here instead of leaving a panel blank or an alert that never fires.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(SimulatorResource.class)
class ObservabilityIT extends SimulatedApiTest {

    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "polytomic-kafka-bridge-dashboard.json");
    static final Path ALERTS = Path.of("..", "deploy", "prometheus", "polytomic-kafka-bridge-alerts.yaml");

    /** Metric names begin with one of these; everything else in an expression is a function, label or keyword. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:bridge|kafka|jvm|process|http)_[a-z0-9_]+)\\b");

    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");

    @Inject
    BridgeConfig config;

    private final KafkaTestClient kafka = new KafkaTestClient();

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReferToIsExposed() throws IOException {
        List<String> expressions = new ArrayList<>(dashboardExpressions());
        int panels = expressions.size();
        expressions.addAll(alertExpressions());
        Set<String> referenced = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(LABELS.matcher(expression).replaceAll(""));
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        assertThat(panels).as("dashboard queries").isGreaterThan(10);
        assertThat(referenced).as("metrics referenced").contains("bridge_api_breaker_state", "bridge_dlq_total");

        exerciseEveryMeter();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> exposed = exposedNames();
            assertThat(referenced.stream().filter(name -> !exposed.contains(name)))
                    .as("metrics in deploy/ that /q/metrics does not expose")
                    .isEmpty();
        });
        System.out.printf(
                "Observability: %d dashboard queries, %d alert rules, %d metrics referenced, all exposed%n",
                panels, expressions.size() - panels, referenced.size());
    }

    /** One applied command that runs to completion, one unknown status, one dead-lettered record. */
    private void exerciseEveryMeter() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMillis(500));
        kafka.send(
                config.topics().commands(),
                sync.id(),
                "{\"id\":\"obs-" + UUID.randomUUID() + "\",\"action\":\"start\",\"syncType\":\"model\"}");
        kafka.send(config.topics().commands(), sync.id(), "{not json");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sync.lastExecution()
                .map(e -> "completed".equals(e.status()))
                .orElse(false));
        SimSync odd = simulator.addBulkSync(UUID.randomUUID(), true);
        odd.startExecution();
        simulator.removeObserver(contract); // the status below is outside the contract on purpose
        try {
            odd.forceStatus("mystery-status");
            ApiTokens.asOperator()
                    .queryParam("syncType", "bulk")
                    .post("/syncs/" + odd.id() + "/reconcile")
                    .then()
                    .statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> exposedNames()
                    .contains("bridge_status_unknown_total"));
            odd.forceStatus("completed");
        } finally {
            simulator.addObserver(contract);
        }
    }

    private Set<String> exposedNames() {
        Set<String> names = new TreeSet<>();
        for (String line : management().get("/q/metrics").asString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        dashboard
                .path("templating")
                .path("list")
                .forEach(v -> expressions.add(v.path("query").asText()));
        return expressions;
    }

    private static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(ALERTS.toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("alert").asText())
                        .as("every rule is an alert with a name")
                        .isNotBlank();
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }
}
