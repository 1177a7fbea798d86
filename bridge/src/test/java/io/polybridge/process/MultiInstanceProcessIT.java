package io.polybridge.process;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two packaged bridges in one consumer group split the syncs: each sync is polled by one instance only, and when one
 * instance stops, the other takes its partitions over and every status change is still published exactly once.
 */
class MultiInstanceProcessIT {

    static final String KEY = "process-test-key-1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SYNC_IN_PATH = Pattern.compile("/syncs/([0-9a-f-]{36})/status");

    @Test
    void twoInstancesSplitTheSyncsAndEveryChangeIsPublishedOnceAcrossARebalance() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                        .withApiKey(KEY)
                        .withTiming(Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(1)));
                KafkaTestClient kafka = new KafkaTestClient();
                BridgeProcess a = BridgeProcess.start("instance-a", bootstrap, simulator.baseUrl(), KEY, Map.of());
                BridgeProcess b = BridgeProcess.start("instance-b", bootstrap, simulator.baseUrl(), KEY, Map.of())) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            // The token given as environment variables (BRIDGE_SECURITY_TOKENS_PROCESS_*) is the only way in.
            assertThat(a.anonymousStatus("/syncs")).isEqualTo(401);
            assertThat(a.status("/syncs")).isEqualTo(200);
            // Both must own partitions (the group has settled) before the commands go in.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsPartitions(a) && ownsPartitions(b));
            List<SimSync> syncs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                syncs.add(
                        i % 2 == 0
                                ? simulator.addModelSync(UUID.randomUUID(), true)
                                : simulator.addBulkSync(UUID.randomUUID(), true, "contact"));
            }
            for (SimSync sync : syncs) {
                String type = sync.kind() == SimSync.Kind.MODEL ? "model" : "bulk";
                kafka.send(
                        "polytomic.sync.commands",
                        sync.id(),
                        "{\"id\":\"mi-" + UUID.randomUUID() + "\",\"action\":\"start\",\"syncType\":\"" + type + "\"}");
            }
            awaitStatus(kafka, syncs, "running");
            Instant beforeStop = Instant.now();
            Map<String, Set<String>> pollers = pollersBySync(simulator.journal().entries(), Instant.MIN, beforeStop);

            List<String> surfaces = new ArrayList<>(a.surfaces());
            a.stop();
            Instant stopped = Instant.now();
            List<ConsumerRecord<byte[], byte[]>> events = awaitStatus(kafka, syncs, "completed");

            System.out.printf(
                    "multi-instance: %d syncs, polled before the stop by %s%n",
                    syncs.size(),
                    pollers.values().stream().flatMap(Set::stream).distinct().toList());
            assertThat(pollers.keySet())
                    .containsAll(syncs.stream().map(SimSync::id).toList());
            assertThat(pollers)
                    .allSatisfy((sync, who) ->
                            assertThat(who).as("pollers of %s", sync).hasSize(1));
            assertThat(pollers.values().stream().flatMap(Set::stream).distinct())
                    .containsExactlyInAnyOrder("instance-a", "instance-b");
            Map<String, Set<String>> after =
                    pollersBySync(simulator.journal().entries(), stopped.plusSeconds(2), Instant.MAX);
            assertThat(after.values()).allSatisfy(who -> assertThat(who).containsOnly("instance-b"));
            for (SimSync sync : syncs) {
                List<ConsumerRecord<byte[], byte[]>> mine = events.stream()
                        .filter(r -> sync.id().equals(text(r.key())))
                        .toList();
                assertThat(mine)
                        .extracting(r -> header(r, "ce_id"))
                        .as("events of %s", sync.id())
                        .doesNotHaveDuplicates();
                assertThat(mine.stream()
                                .map(r -> KafkaTestClient.json(r).path("status").asText())
                                .toList())
                        .as("statuses of %s", sync.id())
                        .doesNotHaveDuplicates()
                        .containsSubsequence("running", "completed")
                        .endsWith("completed");
            }
            surfaces.addAll(b.surfaces());
            assertThat(surfaces).hasSize(8).noneMatch(s -> s.contains(KEY) || s.contains(BridgeProcess.TOKEN));
        }
    }

    static boolean ownsPartitions(BridgeProcess bridge) {
        return Pattern.compile("\"partitions\"\\s*:\\s*\"\\[[0-9]")
                .matcher(bridge.get("/q/health"))
                .find();
    }

    static List<ConsumerRecord<byte[], byte[]>> awaitStatus(KafkaTestClient kafka, List<SimSync> syncs, String status) {
        return kafka.readUntil("polytomic.sync.status", Duration.ofSeconds(90), seen -> {
            Set<String> reached = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : seen) {
                if (status.equals(KafkaTestClient.json(r).path("status").asText())) {
                    reached.add(text(r.key()));
                }
            }
            return syncs.stream().allMatch(s -> reached.contains(s.id()));
        });
    }

    /** Which instances (by User-Agent) polled each sync between two instants. */
    static Map<String, Set<String>> pollersBySync(List<JournalEntry> journal, Instant from, Instant to) {
        Map<String, Set<String>> pollers = new HashMap<>();
        for (JournalEntry e : journal) {
            if (!"GET".equals(e.method())
                    || e.receivedAt().isBefore(from)
                    || e.receivedAt().isAfter(to)) {
                continue;
            }
            String agent = e.headers().getOrDefault("user-agent", "");
            String instance = agent.replaceAll(".*instance ([^)]+)\\).*", "$1");
            List<String> ids = new ArrayList<>(e.query().getOrDefault("sync_id", List.of()));
            Matcher m = SYNC_IN_PATH.matcher(e.path());
            if (m.find()) {
                ids.add(m.group(1));
            }
            ids.forEach(id -> pollers.computeIfAbsent(id, k -> new HashSet<>()).add(instance));
        }
        return pollers;
    }
}
