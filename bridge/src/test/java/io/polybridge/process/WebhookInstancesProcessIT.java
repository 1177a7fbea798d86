package io.polybridge.process;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.simulator.Webhooks;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two packaged bridges, every webhook delivery sent to one of them: each delivery reaches the owner of its sync through
 * the status-hints topic, so the other instance publishes its own syncs' runs, each once.
 */
class WebhookInstancesProcessIT {

    static final String KEY = "process-test-key-1";
    static final String SECRET = "process-webhook-secret-3e8a1f";

    @Test
    void deliveriesToOneInstanceReachTheOwnerOfEachSync() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        int portA = freePort();
        Map<String, String> env = Map.of(
                "BRIDGE_WEBHOOK_SECRET", SECRET,
                "BRIDGE_STATUS_FOLLOW_ORGANIZATION", "true",
                // Only deliveries tell of these runs: nobody starts them through Kafka, and the feed is off.
                "BRIDGE_EVENTS_ENABLED", "false");
        Map<String, String> envA = new java.util.HashMap<>(env);
        envA.put("QUARKUS_HTTP_PORT", String.valueOf(portA));
        try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                        .withApiKey(KEY)
                        .withTiming(Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(1)));
                KafkaTestClient kafka = new KafkaTestClient();
                BridgeProcess a = BridgeProcess.start("webhook-a", bootstrap, simulator.baseUrl(), KEY, envA);
                BridgeProcess b = BridgeProcess.start("webhook-b", bootstrap, simulator.baseUrl(), KEY, env)) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> MultiInstanceProcessIT.ownsPartitions(a) && MultiInstanceProcessIT.ownsPartitions(b));
            simulator.webhooks().register("http://localhost:" + portA + "/webhooks/polytomic", SECRET);

            List<SimSync> syncs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
                sync.startExecution();
                syncs.add(sync);
            }
            MultiInstanceProcessIT.awaitStatus(kafka, syncs, "completed");
            List<ConsumerRecord<byte[], byte[]>> all = kafka.readFor("polytomic.sync.status", Duration.ofSeconds(3));

            Map<String, Set<String>> readers =
                    MultiInstanceProcessIT.pollersBySync(simulator.journal().entries(), Instant.MIN, Instant.now());
            List<Webhooks.Delivery> deliveries = simulator.webhooks().deliveries();
            long readByA = syncs.stream()
                    .filter(s -> readers.getOrDefault(s.id(), Set.of()).equals(Set.of("webhook-a")))
                    .count();
            long readByB = syncs.stream()
                    .filter(s -> readers.getOrDefault(s.id(), Set.of()).equals(Set.of("webhook-b")))
                    .count();
            long terminal = all.stream()
                    .filter(r -> syncs.stream().anyMatch(s -> s.id().equals(text(r.key()))))
                    .filter(r -> KafkaTestClient.json(r).path("terminal").asBoolean())
                    .count();
            System.out.printf(
                    "Two instances, deliveries all to A: %d deliveries (%d answered 200), syncs read by A only %d, by B"
                            + " only %d, terminal events %d for %d syncs%n",
                    deliveries.size(),
                    deliveries.stream().filter(d -> d.status() == 200).count(),
                    readByA,
                    readByB,
                    terminal,
                    syncs.size());
            assertThat(readByA + readByB).as("each sync read by its owner only").isEqualTo(syncs.size());
            assertThat(readByB)
                    .as("B published syncs whose deliveries A received")
                    .isPositive();
            assertThat(terminal).isEqualTo(syncs.size());
            for (SimSync sync : syncs) {
                List<ConsumerRecord<byte[], byte[]>> mine = all.stream()
                        .filter(r -> sync.id().equals(text(r.key())))
                        .toList();
                assertThat(mine).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
