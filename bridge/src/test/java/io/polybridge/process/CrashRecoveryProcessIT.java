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
            BridgeProcess bridge = BridgeProcess.start(
                    "crash-0", bootstrap, simulator.baseUrl(), KEY, env, BridgeProcess.QUICK_CRASH_DETECTION);
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
                    bridge = BridgeProcess.start(
                            "crash-" + crashes,
                            bootstrap,
                            simulator.baseUrl(),
                            KEY,
                            env,
                            BridgeProcess.QUICK_CRASH_DETECTION);
                    bridge.awaitReady(Duration.ofSeconds(90));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> results =
                    kafka.readUntil("crash.results", Duration.ofSeconds(120), seen -> commandIds(seen)
                            .containsAll(ids));
            // Let every execution end and be reported.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> syncs.stream()
                    .allMatch(s -> s.lastExecution()
                            .map(SimSync.ExecutionView::terminal)
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
            // Per command: after a recorded failure a command's next attempt has a key of its own.
            Map<String, Long> perKey = applied.stream()
                    .collect(Collectors.groupingBy(
                            e -> io.polybridge.command.SyncCommand.commandIdOf(e.idempotencyKey()),
                            Collectors.counting()));
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
                    .as("commands answered 'applied' with no applied call under their idempotency keys")
                    .isEmpty();
            assertThat(changesUnderTwoIds).isZero();
            // R6: the key is in no log of the four processes, nor in the last one's metrics, health or errors.
            assertThat(surfaces)
                    .hasSizeGreaterThanOrEqualTo(7)
                    .noneMatch(s -> s.contains(KEY) || s.contains(BridgeProcess.TOKEN));
        }
    }

    /**
     * A start is answered with a recorded 500, and the bridge is killed before it reads the sync's state: once before
     * the change was made (the run was not created) and once after (it was). The next bridge derives the same keys,
     * gets the 500 replayed instead of starting again, reads state, and starts each sync exactly once.
     */
    @Test
    void aCrashBetweenARecorded500AndTheStateReadStartsEachSyncOnce() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String group = "crash500-" + UUID.randomUUID();
        Map<String, String> topics = Map.of(
                "KAFKA_GROUP_ID", group,
                "BRIDGE_TOPICS_COMMANDS", "crash500.commands",
                "BRIDGE_TOPICS_COMMAND_RESULTS", "crash500.results",
                "BRIDGE_TOPICS_STATUS", "crash500.status",
                "BRIDGE_TOPICS_DEAD_LETTER", "crash500.dlq",
                "BRIDGE_TOPICS_COMMAND_DEDUP", "crash500.dedup",
                "BRIDGE_TOPICS_STATUS_STATE", "crash500.state");
        Map<String, String> slowRetries = new java.util.HashMap<>(topics);
        // The first bridge waits 20 s before reading state after the 500: the test kills it in that window.
        slowRetries.put("BRIDGE_COMMANDS_RETRY_DELAY", "20s");
        slowRetries.put("BRIDGE_COMMANDS_MAX_RETRY_DELAY", "20s");
        try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                        .withApiKey(KEY)
                        .withTiming(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofSeconds(1)));
                KafkaTestClient kafka = new KafkaTestClient()) {
            SimSync createdThen500 = simulator.addModelSync(UUID.randomUUID(), true);
            SimSync refusedWith500 = simulator.addModelSync(UUID.randomUUID(), true);
            String first = "crash500-after-" + UUID.randomUUID();
            String second = "crash500-before-" + UUID.randomUUID();
            BridgeProcess bridge = BridgeProcess.start(
                    "crash500-0",
                    bootstrap,
                    simulator.baseUrl(),
                    KEY,
                    slowRetries,
                    BridgeProcess.QUICK_CRASH_DETECTION);
            bridge.awaitReady(Duration.ofSeconds(90));

            simulator.faults().onlyMethod("POST").appErrorAfterApplyNext(1, 500);
            kafka.send("crash500.commands", createdThen500.id(), start(first));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            !simulator.journal().mutations(createdThen500.id()).isEmpty());
            simulator.faults().onlyMethod("POST").appErrorNext(1, 500);
            kafka.send("crash500.commands", refusedWith500.id(), start(second));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            !simulator.journal().mutations(refusedWith500.id()).isEmpty());
            bridge.kill();
            java.time.Instant killedAt = java.time.Instant.now();
            simulator.faults().clear();
            assertThat(simulator.journal().entries())
                    .as("no state read of either sync before the crash")
                    .noneMatch(e -> e.method().equals("GET")
                            && (e.path().startsWith("/api/syncs/" + createdThen500.id())
                                    || e.path().startsWith("/api/syncs/" + refusedWith500.id())));
            assertThat(createdThen500.allExecutions()).hasSize(1);
            assertThat(refusedWith500.allExecutions()).isEmpty();

            BridgeProcess again = BridgeProcess.start(
                    "crash500-1", bootstrap, simulator.baseUrl(), KEY, topics, BridgeProcess.QUICK_CRASH_DETECTION);
            again.awaitReady(Duration.ofSeconds(90));
            List<ConsumerRecord<byte[], byte[]>> results =
                    kafka.readUntil("crash500.results", Duration.ofSeconds(60), seen -> commandIds(seen)
                            .containsAll(List.of(first, second)));
            String metrics = again.get("/q/metrics");
            again.stop();

            Map<String, com.fasterxml.jackson.databind.JsonNode> byId = results.stream()
                    .map(KafkaTestClient::json)
                    .collect(Collectors.toMap(r -> r.path("commandId").asText(), r -> r, (a, b) -> a));
            assertThat(byId.get(first).path("outcome").asText()).isEqualTo("applied");
            assertThat(byId.get(first).path("confirmedBy").asText()).isEqualTo("state-read");
            assertThat(byId.get(first).path("executionId").asText())
                    .isEqualTo(createdThen500.allExecutions().get(0).id());
            assertThat(byId.get(second).path("outcome").asText()).isEqualTo("applied");
            assertThat(createdThen500.allExecutions()).as("started once").hasSize(1);
            assertThat(refusedWith500.allExecutions()).as("started once").hasSize(1);
            List<JournalEntry> afterRestart = simulator.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.receivedAt().isAfter(killedAt))
                    .toList();
            // The first keys come again and get their 500 replayed: the successor never starts a sync on them.
            assertThat(afterRestart.stream().filter(e -> e.path().contains(createdThen500.id())))
                    .extracting(JournalEntry::status, JournalEntry::replayed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(500, true));
            assertThat(afterRestart.stream().filter(e -> e.path().contains(refusedWith500.id())))
                    .extracting(JournalEntry::status, JournalEntry::replayed)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(500, true),
                            org.assertj.core.groups.Tuple.tuple(200, false));
            // The replayed 500s were not counted against the breaker: it never left the closed state.
            assertThat(metrics).contains("bridge_api_breaker_state 0.0");
            System.out.printf(
                    "R3b crash after a recorded 500: 2 starts, each answered 500 (one after the run was created), "
                            + "bridge killed before its state read; after the restart: %d replayed 500s, %d new "
                            + "starts, executions per sync %d and %d%n",
                    afterRestart.stream().filter(JournalEntry::replayed).count(),
                    afterRestart.stream().filter(JournalEntry::appliedPost).count(),
                    createdThen500.allExecutions().size(),
                    refusedWith500.allExecutions().size());
        }
    }

    private static String start(String id) {
        return "{\"id\":\"" + id + "\",\"action\":\"start\",\"syncType\":\"model\"}";
    }

    static Set<String> commandIds(List<ConsumerRecord<byte[], byte[]>> results) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : results) {
            ids.add(KafkaTestClient.json(r).path("commandId").asText());
        }
        return ids;
    }
}
