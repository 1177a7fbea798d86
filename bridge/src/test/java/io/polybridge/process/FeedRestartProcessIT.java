package io.polybridge.process;

import static io.polybridge.support.KafkaTestClient.header;
import static io.polybridge.support.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The events feed across a real stop and start of the packaged bridge: runs that began and ended while no bridge was
 * running (scheduled runs nobody started through Kafka, followed through the organization's events) are published
 * after the start, from the cursor the stopped bridge left behind; what was published before the stop is not published
 * as a new change (a repeat keeps its {@code ce_id}, as the status topic promises). Only the feed can tell of these runs: no webhook is configured and nothing tracks them.
 */
class FeedRestartProcessIT {

    static final String KEY = "process-test-key-1";

    @Test
    void runsWhileTheBridgeWasDownArePublishedAfterItsStartEachOnce() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        Map<String, String> env = Map.of(
                "BRIDGE_STATUS_FOLLOW_ORGANIZATION", "true",
                "BRIDGE_EVENTS_ENABLED", "true",
                "BRIDGE_EVENTS_INTERVAL", "1s");
        try (PolytomicSimulator simulator = PolytomicSimulator.start(SimulatorOptions.defaults()
                        .withApiKey(KEY)
                        .withTiming(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(1)));
                KafkaTestClient kafka = new KafkaTestClient()) {
            List<SimSync> before = new ArrayList<>();
            try (BridgeProcess first = BridgeProcess.start("feed-first", bootstrap, simulator.baseUrl(), KEY, env)) {
                first.awaitReady(Duration.ofSeconds(90));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> MultiInstanceProcessIT.ownsPartitions(first));
                before.addAll(scheduledRuns(simulator, 3));
                MultiInstanceProcessIT.awaitStatus(kafka, before, "completed");
                first.stop();
            }

            List<SimSync> whileDown = scheduledRuns(simulator, 3);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> whileDown.stream()
                    .allMatch(s -> s.lastExecution().orElseThrow().terminal()));

            try (BridgeProcess second = BridgeProcess.start("feed-second", bootstrap, simulator.baseUrl(), KEY, env)) {
                second.awaitReady(Duration.ofSeconds(90));
                MultiInstanceProcessIT.awaitStatus(kafka, whileDown, "completed");
                List<SimSync> all = new ArrayList<>(before);
                all.addAll(whileDown);
                // Long enough for the second bridge's first feed reads (they overlap the cursor) to have published.
                List<ConsumerRecord<byte[], byte[]>> published =
                        kafka.readFor("polytomic.sync.status", Duration.ofSeconds(4));
                long terminal = 0;
                long republished = 0;
                for (SimSync sync : all) {
                    List<ConsumerRecord<byte[], byte[]>> mine = published.stream()
                            .filter(r -> sync.id().equals(text(r.key())))
                            .toList();
                    List<String> ends = mine.stream()
                            .filter(r ->
                                    KafkaTestClient.json(r).path("terminal").asBoolean())
                            .map(r -> header(r, "ce_id"))
                            .toList();
                    terminal += ends.stream().distinct().count();
                    republished += mine.size()
                            - mine.stream()
                                    .map(r -> header(r, "ce_id"))
                                    .distinct()
                                    .count();
                    // One terminal change per run. A change published again across a stop keeps its ce_id (the
                    // status topic is at least once, consumers drop repeats by ce_id): never a second change.
                    assertThat(ends.stream().distinct())
                            .as(
                                    "terminal events of %s (%s before the stop): %s",
                                    sync.id(),
                                    before.contains(sync) ? "run" : "not run",
                                    mine.stream()
                                            .map(r -> header(r, "ce_type") + " " + header(r, "ce_id") + " "
                                                    + KafkaTestClient.json(r))
                                            .toList())
                            .hasSize(1);
                }
                System.out.printf(
                        "Feed across a restart: %d runs before the stop, %d while down; %d terminal changes for %d"
                                + " syncs; events published again under their ce_id: %d%n",
                        before.size(), whileDown.size(), terminal, all.size(), republished);
                assertThat(terminal).isEqualTo(all.size());
            }
        }
    }

    /** Runs started in the API itself, as a schedule would: nothing goes through Kafka. */
    private static List<SimSync> scheduledRuns(PolytomicSimulator simulator, int count) {
        List<SimSync> syncs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true);
            sync.startExecution();
            syncs.add(sync);
        }
        return syncs;
    }
}
