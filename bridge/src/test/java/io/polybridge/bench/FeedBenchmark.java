package io.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polybridge.process.BridgeProcess;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.KafkaTestClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * P3e and P4e, the figures of the events feed and the webhook, on a bridge of their own (the feed on, the simulator's
 * webhook pointed at it, every run of the organization followed), beside today's P3 and P4:
 *
 * <ul>
 *   <li>P3e: Polytomic API calls per minute for 1,000 tracked syncs, 50 of them running, against one call per sync per
 *       poll cycle (1 s);
 *   <li>P4e: delay from a status change in the simulator to its event on Kafka, with webhooks, against the poll
 *       interval; then with 30 % of deliveries dropped, with the terminal events missed counted.
 * </ul>
 */
final class FeedBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "bench-webhook-secret-0001";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String STATUS = "bench-feed.status";

    private final String bootstrap;
    private final PolytomicSimulator simulator;
    private final ObjectNode report;

    FeedBenchmark(String bootstrap, PolytomicSimulator simulator, ObjectNode report) {
        this.bootstrap = bootstrap;
        this.simulator = simulator;
        this.report = report;
    }

    /** Both figures, then their rows. */
    void run() throws Exception {
        List<SimSync> idle = new ArrayList<>();
        for (int i = 0; i < 950; i++) {
            idle.add(simulator.addModelSync(UUID.randomUUID(), true));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_GROUP_ID", "bench-feed");
        // Topics of its own: the main benchmark's bridge left thousands of syncs in its tracking state.
        for (String topic : List.of(
                "commands",
                "dead-letter",
                "command-results",
                "command-dedup",
                "status",
                "status-state",
                "status-hints")) {
            env.put("BRIDGE_TOPICS_" + topic.toUpperCase().replace('-', '_'), "bench-feed." + topic);
        }
        env.put("BRIDGE_STATUS_INTERVAL", "1s");
        env.put("BRIDGE_STATUS_MAX_CALLS_PER_SECOND", "60");
        env.put("BRIDGE_EVENTS_INTERVAL", "1s");
        env.put("BRIDGE_STATUS_FOLLOW_ORGANIZATION", "true");
        env.put("BRIDGE_WEBHOOK_SECRET", SECRET);
        env.put(
                "BRIDGE_STATUS_WATCH_MODEL_SYNCS",
                idle.stream().map(SimSync::id).collect(Collectors.joining(",")));
        simulator.webhooks().register("http://localhost:" + port + "/webhooks/polytomic", SECRET);
        try (BridgeProcess bridge =
                        BridgeProcess.start("bench-feed", bootstrap, simulator.baseUrl(), "bench-key-0001", env);
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            bridge.awaitReady(Duration.ofSeconds(120));
            List<SimSync> running = startRunning(kafka, 50);
            double p3e = callsPerMinute() / (1000.0 * Duration.ofMinutes(1).dividedBy(INTERVAL));
            double[] clean = freshness(kafka, running.subList(0, 25), 0.0);
            double[] dropped = freshness(kafka, running.subList(25, 50), 0.3);
            print(p3e, clean, dropped);
        } finally {
            simulator.webhooks().dropRate(0);
        }
    }

    /** Runs nobody started through Kafka, followed once their running event reached the bridge. */
    private List<SimSync> startRunning(KafkaTestClient kafka, int count) {
        Map<TopicPartition, Long> from = kafka.endOffsets(STATUS);
        List<SimSync> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimSync sync = simulator.addModelSync(UUID.randomUUID(), true).runDuration(Duration.ofMinutes(30));
            sync.startExecution();
            running.add(sync);
        }
        Set<String> ids = running.stream().map(SimSync::id).collect(Collectors.toSet());
        kafka.readUntil(from, Duration.ofSeconds(120), seen -> seen.stream()
                .filter(r ->
                        "running".equals(KafkaTestClient.json(r).path("status").asText()))
                .map(r -> KafkaTestClient.text(r.key()))
                .collect(Collectors.toSet())
                .containsAll(ids));
        return running;
    }

    /** Every API call in a minute of steady state: the feed's reads and what polling still does as the backstop. */
    private double callsPerMinute() throws InterruptedException {
        Thread.sleep(20_000); // the initial poll of every tracked sync, and the feed's first heartbeat, settle
        Instant from = Instant.now();
        Thread.sleep(60_000);
        Instant to = Instant.now();
        Map<String, Long> byPath = simulator.journal().entries().stream()
                .filter(e -> !e.receivedAt().isBefore(from) && e.receivedAt().isBefore(to))
                .collect(Collectors.groupingBy(
                        e -> e.path().startsWith("/api/events") ? "events" : "status", Collectors.counting()));
        long calls = byPath.values().stream().mapToLong(Long::longValue).sum();
        report.put("p3e_calls_per_minute", calls);
        System.out.printf(
                "  P3e: %d API calls in a minute (%s) for 1000 tracked syncs, 50 running; polling alone: %d%n",
                calls, byPath, 1000 * 60);
        return calls;
    }

    /** P4e: status changes spread over the interval; delays until their terminal events, and the ones never seen. */
    private double[] freshness(KafkaTestClient kafka, List<SimSync> syncs, double dropRate) throws Exception {
        simulator.webhooks().dropRate(dropRate);
        Map<String, Long> changedAt = new HashMap<>();
        List<Double> delays = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = tail()) {
            for (SimSync sync : syncs) {
                Thread.sleep(97); // spread the changes over the poll interval
                sync.forceStatus("completed");
                changedAt.put(sync.id(), System.currentTimeMillis());
            }
            Set<String> seen = new HashSet<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < syncs.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode event = JSON.readTree(r.value());
                    Long at = changedAt.get(r.key());
                    if (at != null && event.path("terminal").asBoolean() && seen.add(r.key())) {
                        delays.add((r.timestamp() - at) / 1000.0);
                    }
                }
            }
        }
        double p50 = Stats.percentile(delays, 0.50);
        double p99 = Stats.percentile(delays, 0.99);
        int missed = syncs.size() - delays.size();
        String label = dropRate == 0 ? "p4e" : "p4e_dropped";
        report.put(label + "_p50", p50);
        report.put(label + "_p99", p99);
        report.put(label + "_missed", missed);
        System.out.printf(
                "  P4e (%.0f %% of deliveries dropped): %d changes, %d terminal events missed, p50 %.2f s, p99 %.2f s%n",
                dropRate * 100, syncs.size(), missed, p50, p99);
        return new double[] {p50, p99, missed};
    }

    private KafkaConsumer<String, String> tail() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-feed-tail-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(STATUS));
        // Joined and positioned at the end before the first change, so no event is read from before it.
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    private static void print(double p3e, double[] clean, double[] dropped) {
        double interval = INTERVAL.toMillis() / 1000.0;
        System.out.println();
        System.out.println("| figure | measured | target |");
        System.out.println("|---|---|---|");
        System.out.printf(
                "| P3e API calls per minute with the feed, 1000 tracked syncs (50 running), vs one per sync per cycle"
                        + " | 1/%.0f | <= 1/100 |%n",
                1 / p3e);
        System.out.printf(
                "| P4e freshness with webhooks p50 / p99 vs poll interval (1 s) | %.2f x / %.2f x | <= 0.1 / <= 0.5 |%n",
                clean[0] / interval, clean[1] / interval);
        System.out.printf(
                "| P4e with 30 %% of deliveries dropped: terminal events missed, p99 vs poll interval | %.0f, %.2f x |"
                        + " 0, <= 1.5 |%n",
                dropped[2], dropped[1] / interval);
    }
}
