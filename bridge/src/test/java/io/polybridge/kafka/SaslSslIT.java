package io.polybridge.kafka;

import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.polybridge.command.DedupStore;
import io.polybridge.config.BridgeConfig;
import io.polybridge.simulator.SimSync;
import io.polybridge.status.TrackingRegistry;
import io.polybridge.support.ApiTokens;
import io.polybridge.support.KafkaTestClient;
import io.polybridge.support.SaslSslKafkaResource;
import io.polybridge.support.SimulatedApiTest;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge against a broker it can reach only over SASL_SSL with SCRAM, as on a managed cluster: every Kafka client
 * it has connects with the {@code kafka.*} settings alone. The topics are created by the admin client, commands are
 * consumed and their results, dedup entries and tracking state produced, status events produced, commands posted over
 * HTTP produced, rejected commands dead-lettered, read back from the dead-letter topic and redriven, and the dedup
 * state restored by the restore reader after a rebalance.
 */
@QuarkusTest
@WithTestResource(SaslSslKafkaResource.class)
@WithTestResource(SimulatorResource.class)
class SaslSslIT extends SimulatedApiTest {

    @Inject
    BridgeConfig config;

    @Inject
    DedupStore dedup;

    @Inject
    TrackingRegistry tracking;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        // The test's own clients need the same credentials and truststore as the bridge's.
        Map<String, Object> security = new HashMap<>(kafkaConfig);
        security.keySet().removeIf(k -> !k.startsWith("security.") && !k.startsWith("sasl.") && !k.startsWith("ssl."));
        assertThat(security).containsEntry("security.protocol", "SASL_SSL");
        kafka = new KafkaTestClient(kafkaConfig.get("bootstrap.servers").toString(), security);
    }

    @AfterEach
    void closeClient() {
        kafka.close();
    }

    @Inject
    KafkaClientService clients;

    @Inject
    SmallRyeHealthReporter health;

    @Test
    void everyRecordTheBridgeWritesWaitsForAllInSyncReplicas() {
        for (String channel : List.of(Channels.RECORDS, Channels.STATUS, Channels.COMMANDS_SUBMIT)) {
            assertThat(clients.getProducer(channel).configuration().get("acks"))
                    .as(channel)
                    .hasToString("all");
        }
    }

    @Test
    void everyKafkaClientOfTheBridgeConnectsOverSaslSsl() {
        BridgeConfig.Topics topics = config.topics();
        // Admin client: the topics exist on this broker only because the bridge created them, and it is ready.
        SmallRyeHealth ready = health.getReadiness();
        assertThat(ready.isDown()).as(ready.getPayload().toString()).isFalse();
        assertThat(ready.getPayload().toString()).contains("kafka-topics");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> tracking.ownedPartitions().size() == 3);

        // Command consumer, results / dedup / tracking-state producer, status producer.
        SimSync started = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofSeconds(1));
        String startId = "sasl-" + UUID.randomUUID();
        kafka.send(topics.commands(), started.id(), command(startId, "start"));
        assertThat(result(startId).path("outcome").asText()).isEqualTo("applied");
        kafka.readUntil(topics.status(), Duration.ofSeconds(30), seen -> seen.stream()
                .anyMatch(r -> started.id().equals(text(r.key()))
                        && "completed"
                                .equals(KafkaTestClient.json(r).path("status").asText())));

        // Commands over HTTP: the submit producer.
        SimSync posted = simulator.addModelSync(UUID.randomUUID(), true);
        String postedId = "sasl-" + UUID.randomUUID();
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"id\":\"" + postedId + "\",\"syncId\":\"" + posted.id()
                        + "\",\"action\":\"deactivate\",\"syncType\":\"model\"}")
                .post("/commands")
                .then()
                .statusCode(202);
        assertThat(result(postedId).path("outcome").asText()).isEqualTo("applied");

        // A command the API rejects: the dead-letter producer; then the redrive reader and the submit producer again.
        String unknown = UUID.randomUUID().toString();
        String rejectedId = "sasl-" + UUID.randomUUID();
        kafka.send(topics.commands(), unknown, command(rejectedId, "activate"));
        kafka.readUntil(topics.deadLetter(), Duration.ofSeconds(30), seen -> seen.stream()
                .anyMatch(r -> unknown.equals(text(r.key()))));
        simulator.addModelSync(unknown, false);
        ApiTokens.asOperator()
                .contentType(ContentType.JSON)
                .body("{\"commandIds\":[\"" + rejectedId + "\"]}")
                .post("/dlq/redrive")
                .then()
                .statusCode(200)
                .body("redriven", equalTo(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> simulator.sync(unknown).orElseThrow().active());

        // The restore reader: memory forgotten, a rebalance restores the dedup entries from their topic.
        dedup.clearMemory();
        kafka.forceRebalance("polytomic-kafka-bridge", topics.commands());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> dedup.find(started.id(), startId).isPresent()
                        && tracking.ownedPartitions().size() == 3);
    }

    static String command(String id, String action) {
        return "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"model\"}";
    }

    private JsonNode result(String commandId) {
        Predicate<JsonNode> ours = r -> commandId.equals(r.path("commandId").asText());
        List<ConsumerRecord<byte[], byte[]>> seen = kafka.readUntil(
                config.topics().commandResults(),
                Duration.ofSeconds(30),
                records -> KafkaTestClient.json(records).stream().anyMatch(ours));
        return KafkaTestClient.json(seen).stream().filter(ours).findFirst().orElseThrow();
    }
}
