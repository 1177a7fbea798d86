package io.polybridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.LogCapture;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Topic creation and checks against the real broker: what cannot be created or is wrong is an error, with why. */
class TopicBootstrapIT {

    private final TopicProblems problems = new TopicProblems();
    private final TopicsHealthCheck readiness = new TopicsHealthCheck(problems);

    @Test
    void aTopicItCannotCreateIsAnErrorWithTheBrokersReason() throws Exception {
        String prefix = "uncreatable-" + UUID.randomUUID() + ".";
        Map<String, String> config = new HashMap<>(topicNames(prefix));
        // One broker cannot hold three replicas: the broker refuses, as a cloud policy or a missing ACL would.
        config.put("bridge.topics.replication-factor", "3");
        TopicBootstrap bootstrap = new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems);
        try (LogCapture log = LogCapture.of("io.polybridge.kafka")) {
            bootstrap.onStart(null);
            assertThat(log.lines()).filteredOn(l -> isError(l.level())).anySatisfy(l -> assertThat(l.message())
                    .contains(prefix + "commands")
                    .containsIgnoringCase("replication"));
        }
        HealthCheckResponse ready = readiness.call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow())
                .containsOnlyKeys(topicNames(prefix).values())
                .allSatisfy((topic, why) -> assertThat(why.toString()).contains("could not be created"));
    }

    @Test
    void wrongInternalTopicsAreErrorsSayingWhatToFixWhenTheBridgeMayNotCreateThem() throws Exception {
        String prefix = "precreated-" + UUID.randomUUID() + ".";
        try (KafkaCompanion companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
            companion
                    .topics()
                    .create(List.of(
                            new NewTopic(prefix + "commands", 3, (short) 1),
                            new NewTopic(prefix + "command-results", 1, (short) 1),
                            new NewTopic(prefix + "status", 1, (short) 1),
                            new NewTopic(prefix + "dead-letter", 1, (short) 1),
                            new NewTopic(prefix + "status-hints", 3, (short) 1),
                            // Deleted after an hour, well inside the 24 h dedup window, and not compacted.
                            new NewTopic(prefix + "command-dedup", 3, (short) 1)
                                    .configs(Map.of("cleanup.policy", "delete", "retention.ms", "3600000")),
                            // Compacted, but fewer partitions than the commands.
                            new NewTopic(prefix + "status-state", 1, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact"))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> companion
                    .topics()
                    .list()
                    .containsAll(topicNames(prefix).values()));
        }
        Map<String, String> config = new HashMap<>(topicNames(prefix));
        config.put("bridge.topics.create", "false");
        TopicBootstrap bootstrap = new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems);
        try (LogCapture log = LogCapture.of("io.polybridge.kafka")) {
            bootstrap.onStart(null);
            List<String> errors = log.lines().stream()
                    .filter(l -> isError(l.level()))
                    .map(LogCapture.Line::message)
                    .toList();
            assertThat(errors)
                    .anySatisfy(e ->
                            assertThat(e).contains(prefix + "command-dedup").contains("cleanup.policy"))
                    .anySatisfy(e ->
                            assertThat(e).contains(prefix + "command-dedup").contains("retention.ms"))
                    .anySatisfy(
                            e -> assertThat(e).contains(prefix + "status-state").contains("partitions"))
                    .noneSatisfy(e -> assertThat(e).contains(prefix + "commands"));
        }
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.call().getData().orElseThrow())
                .containsOnlyKeys(prefix + "command-dedup", prefix + "status-state");

        // Fixed by the operator: the next check finds nothing wrong, and the bridge becomes ready.
        try (KafkaCompanion companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
            Admin admin = companion.getOrCreateAdminClient();
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, prefix + "command-dedup"),
                            List.of(
                                    new AlterConfigOp(
                                            new ConfigEntry("cleanup.policy", "compact,delete"),
                                            AlterConfigOp.OpType.SET),
                                    new AlterConfigOp(
                                            new ConfigEntry("retention.ms", "172800000"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            admin.createPartitions(Map.of(prefix + "status-state", NewPartitions.increaseTo(3)))
                    .all()
                    .get();
        }
        // The changes reach the broker's metadata a moment after they are accepted.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            bootstrap.recheck();
            assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        });
    }

    @Test
    void missingTopicsAreCreatedWithTheInternalTopicsConfigurationAndTheBridgeIsReady() throws Exception {
        String prefix = "created-" + UUID.randomUUID() + ".";
        Map<String, String> config = new HashMap<>(topicNames(prefix));
        TopicBootstrap bootstrap = new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems);
        bootstrap.onStart(null);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        try (KafkaCompanion companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
            // Just created: the broker's metadata may not list them for a moment.
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                Map<String, TopicDescription> created =
                        companion.topics().describe(prefix + "commands", prefix + "status-state");
                assertThat(created.get(prefix + "commands").partitions()).hasSize(3);
                // One broker here: min(3, 1) copies.
                assertThat(created.get(prefix + "commands").partitions().get(0).replicas())
                        .hasSize(1);
                ConfigResource dedup = new ConfigResource(ConfigResource.Type.TOPIC, prefix + "command-dedup");
                Config dedupConfig = companion
                        .getOrCreateAdminClient()
                        .describeConfigs(List.of(dedup))
                        .all()
                        .get()
                        .get(dedup);
                assertThat(dedupConfig.get("cleanup.policy").value()).isEqualTo("compact,delete");
                assertThat(dedupConfig.get("retention.ms").value()).isEqualTo("172800000");
            });
        }
        // A second instance starting finds everything in place.
        new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems).onStart(null);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void theChecksTakeAFewAdminCallsWhateverTheNumberOfTopics() throws Exception {
        String prefix = "batched-" + UUID.randomUUID() + ".";
        Map<String, String> config = new HashMap<>(topicNames(prefix));
        Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
        // The real broker answers every call; the proxy only counts them.
        java.util.function.Function<Map<String, Object>, Admin> counting = props -> counted(Admin.create(props), calls);

        new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems, counting).onStart(null);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        // An empty cluster: the cluster and the topic list, then all seven topics created in one call.
        assertThat(calls).containsEntry("createTopics", 1);
        assertThat(calls.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(3);

        calls.clear();
        new TopicBootstrap(TestConfigs.bridge(config), kafka(), problems, counting).onStart(null);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        // All in place: every description in one call and the internal topics' configurations in another.
        assertThat(calls).containsEntry("describeTopics", 1).containsEntry("describeConfigs", 1);
        assertThat(calls).doesNotContainKey("createTopics");
        assertThat(calls.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(4);
    }

    /** The admin client, counting the calls made to it by name (closing it aside). */
    private static Admin counted(Admin admin, Map<String, Integer> calls) {
        return (Admin) java.lang.reflect.Proxy.newProxyInstance(
                Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("close")) {
                        calls.merge(method.getName(), 1, Integer::sum);
                    }
                    try {
                        return method.invoke(admin, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static Map<String, String> topicNames(String prefix) {
        Map<String, String> names = new HashMap<>();
        for (String topic : List.of(
                "commands",
                "dead-letter",
                "command-results",
                "command-dedup",
                "status",
                "status-state",
                "status-hints")) {
            names.put("bridge.topics." + topic, prefix + topic);
        }
        return names;
    }

    static Map<String, Object> kafka() {
        return new HashMap<>(Map.of("bootstrap.servers", KafkaBrokerResource.bootstrapServers()));
    }

    static boolean isError(Level level) {
        return level.intValue() >= Level.SEVERE.intValue();
    }
}
