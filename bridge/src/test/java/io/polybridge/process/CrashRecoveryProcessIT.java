package io.polybridge.process;

import static io.polybridge.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * R3: the packaged bridge is killed with SIGKILL three times while commands stream in and executions run, and started
 * again each time. Nothing may be lost, no mutation may reach the API twice, and no status change may be published
 * twice under different event IDs.
 */
class CrashRecoveryProcessIT {

    static final String KEY = "crash-test-key-1";
    static final String GROUP = "crash-" + UUID.randomUUID();
    static final int SYNCS = 20;
    static final int COMMANDS = 300;

    @Test
    void threeCrashesLoseNothingAndApplyNothingTwice() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        Map<String, String> env = Map.of(
                "KAFKA_GROUP_ID", GROUP,
                "BRIDGE_TOPICS_COMMANDS", "crash.commands",
                "BRIDGE_TOPICS_COMMAND_RESULTS", "crash.results",
                "BRIDGE_TOPICS_STATUS", "crash.status",
                "BRIDGE_TOPICS_DEAD_LETTER", "crash.dlq",
                "BRIDGE_TOPICS_COMMAND_DEDUP", "crash.dedup",
                "BRIDGE_TOPICS_STATUS_STATE", "crash.state");
        try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                        .withApiKey(KEY)
                        .withTiming(Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(1)));
                KafkaTestClient kafka = new KafkaTestClient()) {
            simulator.faults().latency(Duration.ofMillis(20));
            List<SimSync> syncs = new ArrayList<>();
            for (int i = 0; i < SYNCS; i++) {
                syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
            }
            List<String> ids = new ArrayList<>();
            BridgeProcess bridge = BridgeProcess.start("crash-0", bootstrap, simulator.baseUrl(), KEY, env);
            bridge.awaitReady(Duration.ofSeconds(90));
            int crashes = 0;
            List<BridgeProcess> killedOnes = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                for (int i = 0; i < COMMANDS / 4; i++) {
                    SimSync sync = syncs.get((batch * COMMANDS / 4 + i) % SYNCS);
                    String id = String.format("crash-%d-%03d-%s", batch, i, UUID.randomUUID());
                    ids.add(id);
                    String action = i < SYNCS ? "start" : (i % 2 == 0 ? "activate" : "deactivate");
                    kafka.send(
                            "crash.commands",
                            sync.id(),
                            "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"model\"}");
                }
                if (batch < 3) {
                    int applied = (batch + 1) * COMMANDS / 4 / 3;
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> simulator.journal().count("POST", ".*") >= applied);
                    bridge.kill();
                    killedOnes.add(bridge);
                    crashes++;
                    bridge = BridgeProcess.start("crash-" + crashes, bootstrap, simulator.baseUrl(), KEY, env);
                    bridge.awaitReady(Duration.ofSeconds(90));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> results =
                    kafka.readUntil("crash.results", Duration.ofSeconds(120), seen -> commandIds(seen)
                            .containsAll(ids));
            // Let every execution end and be reported.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> syncs.stream()
                    .allMatch(s -> s.lastExecution()
                            .map(e ->
                                    !e.status().equals("running") && !e.status().equals("created"))
                            .orElse(true)));
            List<ConsumerRecord<byte[], byte[]>> status =
                    kafka.readUntil("crash.status", Duration.ofSeconds(60), seen -> {
                        Set<String> completed = seen.stream()
                                .filter(r ->
                                        KafkaTestClient.json(r).path("terminal").asBoolean())
                                .map(r -> KafkaTestClient.json(r)
                                        .path("executionId")
                                        .asText())
                                .collect(Collectors.toSet());
                        return syncs.stream().allMatch(s -> s.lastExecution()
                                .map(e -> completed.contains(e.id()))
                                .orElse(true));
                    });
            List<String> surfaces = new ArrayList<>(bridge.surfaces());
            bridge.stop();
            for (BridgeProcess killed : killedOnes) {
                surfaces.addAll(killed.surfaces());
            }

            Set<String> answered = commandIds(results);
            List<JournalEntry> applied = simulator.journal().entries().stream()
                    // Applied by the API, also when the bridge was killed before the answer reached it.
                    .filter(JournalEntry::appliedPost)
                    .toList();
            Map<String, Long> perKey = applied.stream()
                    .collect(Collectors.groupingBy(JournalEntry::idempotencyKey, Collectors.counting()));
            long duplicateMutations =
                    perKey.values().stream().filter(n -> n > 1).count();
            long lost = ids.stream().filter(id -> !answered.contains(id)).count();
            Map<String, Long> events =
                    status.stream().collect(Collectors.groupingBy(r -> header(r, "ce_id"), Collectors.counting()));
            Map<String, Long> changes = status.stream()
                    .map(KafkaTestClient::json)
                    .collect(Collectors.groupingBy(
                            e -> e.path("syncId").asText() + "/"
                                    + e.path("executionId").asText() + "/"
                                    + e.path("status").asText(),
                            Collectors.counting()));
            long republished = events.values().stream().mapToLong(n -> n - 1).sum();
            long changesUnderTwoIds = changes.size() - events.size();
            System.out.printf(
                    "R3 crash: %d crashes, sent %d, answered %d, lost %d, mutations %d, duplicate mutations %d, "
                            + "replayed by idempotency key %d, status events %d, re-published (same ce_id) %d, "
                            + "changes under two ids %d%n",
                    crashes,
                    ids.size(),
                    answered.size(),
                    lost,
                    applied.size(),
                    duplicateMutations,
                    simulator.journal().entries().stream()
                            .filter(JournalEntry::replayed)
                            .count(),
                    status.size(),
                    republished,
                    changesUnderTwoIds);
            assertThat(crashes).isEqualTo(3);
            assertThat(lost).isZero();
            assertThat(duplicateMutations).isZero();
            List<String> answeredAppliedWithoutCall = results.stream()
                    .map(KafkaTestClient::json)
                    .filter(r -> "applied".equals(r.path("outcome").asText()))
                    .map(r -> r.path("commandId").asText())
                    .filter(id -> !perKey.containsKey(id))
                    .distinct()
                    .toList();
            assertThat(answeredAppliedWithoutCall)
                    .as("commands answered 'applied' with no applied call under their idempotency key")
                    .isEmpty();
            assertThat(changesUnderTwoIds).isZero();
            // R6: the key is in no log of the four processes, nor in the last one's metrics, health or errors.
            assertThat(surfaces)
                    .hasSizeGreaterThanOrEqualTo(7)
                    .noneMatch(s -> s.contains(KEY) || s.contains(BridgeProcess.TOKEN));
        }
    }

    static Set<String> commandIds(List<ConsumerRecord<byte[], byte[]>> results) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : results) {
            ids.add(KafkaTestClient.json(r).path("commandId").asText());
        }
        return ids;
    }
}
