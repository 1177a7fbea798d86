package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.dev.EmbeddedKafka;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.simulator.SimulatorOptions;
import io.polybridge.support.KafkaTestClient;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * R4: the Kafka broker goes away mid-stream and comes back on the same address with its data. The packaged bridge
 * must recover by itself (no restart), lose no command, apply none twice and dead-letter none.
 */
class BrokerRestartProcessIT {

    static final String KEY = "broker-restart-key-1";
    static final int SYNCS = 10;
    static final int COMMANDS = 300;
    static final Duration DOWN = Duration.ofSeconds(10);

    @Test
    void theBridgeRidesOutABrokerRestartAndLosesNothing() throws Exception {
        Path logDir = Files.createTempDirectory("r4-broker");
        EmbeddedKafkaBroker broker =
                EmbeddedKafka.restartable(BridgeProcess.freePort(), BridgeProcess.freePort(), logDir);
        broker.start();
        String bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        try (PolytomicSimulator simulator =
                        PolytomicSimulator.start(SimulatorOptions.defaults().withApiKey(KEY));
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // Slow enough calls that most of the first half is still queued when the broker goes.
            simulator.faults().latency(Duration.ofMillis(100));
            List<SimSync> syncs = new ArrayList<>();
            for (int i = 0; i < SYNCS; i++) {
                syncs.add(simulator.addModelSync(UUID.randomUUID(), true));
            }
            List<String> ids = new ArrayList<>();
            List<String[]> firstHalf = commands(syncs, 0, ids);
            List<String[]> secondHalf = commands(syncs, 1, ids);
            BridgeProcess bridge = BridgeProcess.start("broker-restart", bootstrap, simulator.baseUrl(), KEY, Map.of());
            try {
                bridge.awaitReady(Duration.ofSeconds(90));
                kafka.sendAll("polytomic.sync.commands", firstHalf);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> simulator.journal().count("POST", ".*") >= 30);

                broker.close();
                long appliedWhenDown = appliedCount(simulator);
                Thread.sleep(DOWN.toMillis());
                long appliedWhileDown = appliedCount(simulator) - appliedWhenDown;
                broker.start();
                long restarted = System.nanoTime();
                kafka.sendAll("polytomic.sync.commands", secondHalf);

                List<ConsumerRecord<byte[], byte[]>> results = kafka.readUntil(
                        "polytomic.sync.command-results",
                        Duration.ofSeconds(180),
                        seen -> CrashRecoveryProcessIT.commandIds(seen).containsAll(ids));
                Duration recovered = Duration.ofNanos(System.nanoTime() - restarted);
                bridge.awaitReady(Duration.ofSeconds(60));
                List<ConsumerRecord<byte[], byte[]>> dead =
                        kafka.readFor("polytomic.sync.commands.dlq", Duration.ofSeconds(3));

                Set<String> answered = CrashRecoveryProcessIT.commandIds(results);
                Map<String, Long> perKey = simulator.journal().entries().stream()
                        .filter(JournalEntry::appliedPost)
                        .collect(Collectors.groupingBy(
                                e -> io.polybridge.command.SyncCommand.commandIdOf(e.idempotencyKey()),
                                Collectors.counting()));
                long lost = ids.stream().filter(id -> !answered.contains(id)).count();
                long duplicated = perKey.values().stream().filter(n -> n > 1).count();
                long notApplied =
                        ids.stream().filter(id -> !perKey.containsKey(id)).count();
                System.out.printf(
                        "R4 broker restart: sent %d, broker down %d s with %d calls applied meanwhile, all answered "
                                + "%d s after its return, answered %d, lost %d, applied %d, duplicate mutations %d, "
                                + "dead-lettered %d%n",
                        ids.size(),
                        DOWN.toSeconds(),
                        appliedWhileDown,
                        recovered.toSeconds(),
                        answered.size(),
                        lost,
                        perKey.size(),
                        duplicated,
                        dead.size());
                assertThat(lost).isZero();
                assertThat(notApplied).isZero();
                assertThat(duplicated).isZero();
                assertThat(dead).isEmpty();
                // R6: the key is in neither the log written through the outage nor metrics, health or errors.
                assertThat(bridge.surfaces())
                        .hasSize(4)
                        .noneMatch(s -> s.contains(KEY) || s.contains(BridgeProcess.TOKEN));
            } finally {
                bridge.close();
            }
        } finally {
            broker.close();
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Half {@code half} of the stream: alternating activate and deactivate over the syncs, unique IDs. */
    private static List<String[]> commands(List<SimSync> syncs, int half, List<String> ids) {
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < COMMANDS / 2; i++) {
            SimSync sync = syncs.get(i % SYNCS);
            String id = String.format("r4-%d-%03d-%s", half, i, UUID.randomUUID());
            ids.add(id);
            String action = (i / SYNCS) % 2 == 0 ? "deactivate" : "activate";
            records.add(new String[] {
                sync.id(), "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"syncType\":\"model\"}"
            });
        }
        return records;
    }

    private static long appliedCount(PolytomicSimulator simulator) {
        return simulator.journal().entries().stream()
                .filter(JournalEntry::appliedPost)
                .count();
    }
}
